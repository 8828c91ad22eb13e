#!/usr/bin/env bash
# Builds the sgdvi toolkit with Maven (tests skipped: CI runs them in its own step).
# The Dockerfile's build stage runs `docker/build.sh --cuda` (or --cuda13, build argument
# SGDVI_GPU=cuda13); CI runs `docker/build.sh --offline` on the host, which builds the same jars
# without the CUDA backend (the CUDA 13 path's JNI wrappers are in every build; its libraries are not).
#
#   docker/build.sh [--cuda | --cuda13] [--offline] [--quiet]
#     --cuda      add ND4J's CUDA 11.6 backend (Maven profile `cuda` in experiments/pom.xml)
#     --cuda13    add the CUDA 13 libraries for the CUDA 13 path (Maven profile `cuda13-redist`); ND4J stays on the CPU
#     --offline   Maven offline mode (-o): use only ~/.m2
#     --quiet     Maven quiet mode (-q)
#   Env: MVN (default mvn), SGDVI_MVN_OPTS (extra Maven arguments, split on spaces).
# Output: experiments/target/sgdvi-experiments.jar and experiments/target/lib/ (see docker/stage.sh).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

args=(-B -DskipTests)
while [ $# -gt 0 ]; do
  case "$1" in
    --cuda) [[ " ${args[*]} " == *" -Pcuda13-redist "* ]] && { echo "docker/build.sh: --cuda and --cuda13 exclude each other (both bring org.bytedeco:cuda)" >&2; exit 2; }
            args+=(-Pcuda) ;;
    --cuda13) [[ " ${args[*]} " == *" -Pcuda "* ]] && { echo "docker/build.sh: --cuda and --cuda13 exclude each other (both bring org.bytedeco:cuda)" >&2; exit 2; }
              args+=(-Pcuda13-redist) ;;
    --offline) args+=(-o) ;;
    --quiet) args+=(-q) ;;
    -h|--help) sed -n '2,14p' "$0"; exit 0 ;;
    *) echo "docker/build.sh: unknown option '$1' (expected --cuda, --cuda13, --offline, --quiet)" >&2; exit 2 ;;
  esac
  shift
done
# shellcheck disable=SC2206 # SGDVI_MVN_OPTS is a plain space-separated list by contract
[ -n "${SGDVI_MVN_OPTS:-}" ] && args+=(${SGDVI_MVN_OPTS})

cd "$root"
echo "docker/build.sh: ${MVN:-mvn} ${args[*]} package" >&2
"${MVN:-mvn}" "${args[@]}" package

jar="$root/experiments/target/sgdvi-experiments.jar"
lib="$root/experiments/target/lib"
if [ ! -f "$jar" ] || [ ! -d "$lib" ]; then
  echo "docker/build.sh: Maven finished but $jar or $lib is missing" >&2
  exit 1
fi
echo "docker/build.sh: built $jar with $(find "$lib" -name '*.jar' | wc -l) jars in $lib" >&2
