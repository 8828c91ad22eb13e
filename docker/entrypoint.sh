#!/usr/bin/env bash
# The container's entrypoint: runs the sgdvi CLI from a prebuilt layout, never builds.
#   docker/entrypoint.sh <sgdvi command> [options]      e.g. doctor, models --json, spectrum ...
# It finds the jars in one of two layouts:
#   image layout (docker/stage.sh DEST):  DEST/bin/entrypoint.sh, DEST/app/*.jar, DEST/lib/*.jar
#   source tree (docker/build.sh):         docker/entrypoint.sh, experiments/target/{sgdvi-experiments.jar,lib/}
# or SGDVI_HOME pointing at an image layout. Then it sizes the JVM like bin/sgdvi (docker/jvm-opts.sh,
# with the container's memory and CPU limits), picks the ND4J backend and finds the CUDA 13 path's
# libraries (docker/gpu-select.sh) and execs java. SGDVI_PRINT_COMMAND=1 prints the java command line on stderr first. No arguments: --help.
set -euo pipefail
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"

# shellcheck source=SCRIPTDIR/jvm-opts.sh
. "$here/jvm-opts.sh"
# shellcheck source=SCRIPTDIR/gpu-select.sh
. "$here/gpu-select.sh"

if [ -n "${SGDVI_HOME:-}" ]; then
  home="$SGDVI_HOME"
elif [ -f "$here/../app/sgdvi-experiments.jar" ]; then
  home="$here/.."
else
  home=""
fi
if [ -n "$home" ]; then
  classpath="$home/app/*:$home/lib/*"
  check="$home/app/sgdvi-experiments.jar"
else
  target="$here/../experiments/target"
  classpath="$target/sgdvi-experiments.jar:$target/lib/*"
  check="$target/sgdvi-experiments.jar"
fi
if [ ! -f "$check" ]; then
  echo "sgdvi: no build found ($check is missing); run docker/build.sh (and docker/stage.sh for an image layout)" >&2
  exit 1
fi

sgdvi_jvm_opts
sgdvi_select_backend
sgdvi_cuda13_libs
[ $# -eq 0 ] && set -- --help

cmd=(java "${SGDVI_JVM_OPTS[@]}" "${SGDVI_CUDA13_OPTS[@]}" -cp "$classpath" org.sgdvi.experiments.cli.SgdviCommand "$@")
if [ "${SGDVI_PRINT_COMMAND:-0}" = 1 ]; then
  echo "sgdvi: BACKEND_PRIORITY_CPU=${BACKEND_PRIORITY_CPU:-} BACKEND_PRIORITY_GPU=${BACKEND_PRIORITY_GPU:-} OMP_NUM_THREADS=${OMP_NUM_THREADS:-}" >&2
  echo "sgdvi: ${cmd[*]}" >&2
fi
exec "${cmd[@]}"
