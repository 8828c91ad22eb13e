#!/usr/bin/env bash
# The CUDA 13 path's check, packed for a GPU machine that has no Java and no network.
#   docker/device-check.sh prepare DIR   builds DIR (at most 60 MiB): a jlink JRE 17 (jre.tar.xz), the
#                                        jars the check needs in lib/ (sgdvi-core, JavaCPP, JavaCPP's CUDA
#                                        13 wrappers, Jackson; no ND4J), reference.json and run.sh
#   docker/device-check.sh run DIR       runs DIR/run.sh (see docker/device-check-run.sh)
# reference.json holds the CPU reference for the seeded spiked gradient matrix (K = 60,000 rows,
# d = 13,338 columns, rank r = 512; org.sgdvi.core.device.SpikedGradients): D's nonzero eigenvalues,
# computed here in float64 from the r x r covariance of the coefficients, without forming D. The
# 3.2 GB matrix itself is regenerated from the seed on the GPU machine.
# Env: SGDVI_MVN_OFFLINE=1 builds with mvn -o; SGDVI_CHECK_K, SGDVI_CHECK_D, SGDVI_CHECK_R,
# SGDVI_CHECK_SEED change the matrix.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
limit_mib=60

prepare() {
  local dir="$1"
  local k="${SGDVI_CHECK_K:-60000}" d="${SGDVI_CHECK_D:-13338}" r="${SGDVI_CHECK_R:-512}" seed="${SGDVI_CHECK_SEED:-171011029}"
  local mvn=(mvn -B -q); [ "${SGDVI_MVN_OFFLINE:-0}" = 1 ] && mvn+=(-o)
  local tmp; tmp="$(mktemp -d /tmp/sgdvi-device-check-prepare.XXXXXX)"
  # shellcheck disable=SC2064 # expand tmp now
  trap "rm -rf '$tmp'" EXIT
  echo "device-check prepare: building sgdvi-core" >&2
  (cd "$root" && "${mvn[@]}" -pl core -am package -DskipTests \
    && "${mvn[@]}" -pl core dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$tmp/cp.txt") >&2
  local cp; cp="$(cat "$tmp/cp.txt")"
  rm -rf "$dir"; mkdir -p "$dir/lib"
  cp "$root"/core/target/sgdvi-core-*.jar "$dir/lib/"
  local jar name
  for jar in ${cp//:/ }; do
    name="$(basename "$jar")"
    case "$name" in
      javacpp-[0-9]*.jar|cuda-[0-9]*-linux-x86_64.jar|cuda-[0-9]*[0-9].jar|jackson-core-*.jar|jackson-databind-*.jar|jackson-annotations-*.jar)
        cp "$jar" "$dir/lib/" ;;
    esac
  done
  for need in 'javacpp-*-linux-x86_64.jar' 'cuda-*-linux-x86_64.jar' 'jackson-databind-*.jar'; do
    compgen -G "$dir/lib/$need" >/dev/null || { echo "device-check prepare: $need is not on the class path of sgdvi-core" >&2; return 1; }
  done
  echo "device-check prepare: jlink JRE (java.base, jdk.unsupported, java.management, java.logging)" >&2
  jlink --add-modules java.base,jdk.unsupported,java.management,java.logging --strip-debug --no-man-pages \
    --no-header-files --output "$tmp/jre"
  tar -C "$tmp" -cJf "$dir/jre.tar.xz" jre
  echo "device-check prepare: CPU reference for K = $k, d = $d, r = $r, seed $seed" >&2
  java -Xmx2g -cp "$root/core/target/classes:$cp" org.sgdvi.core.device.CheckReferenceBuilder \
    "$dir/reference.json" "$seed" "$k" "$d" "$r" | sed 's/^/device-check prepare: /' >&2
  cp "$root/docker/device-check-run.sh" "$dir/run.sh"
  chmod +x "$dir/run.sh"
  local bytes; bytes=$(du -sb "$dir" | cut -f1)
  printf 'device-check prepare: %s holds %s bytes (%.1f MiB; limit %d MiB):\n' "$dir" "$bytes" "$(echo "$bytes / 1048576" | bc -l)" "$limit_mib" >&2
  (cd "$dir" && du -ab . | sort -k2) >&2
  if [ "$bytes" -gt $((limit_mib * 1048576)) ]; then
    echo "device-check prepare: $dir is larger than $limit_mib MiB." >&2
    return 1
  fi
}

case "${1:-}" in
  prepare) [ $# -eq 2 ] || { echo "usage: $0 prepare DIR" >&2; exit 2; }; prepare "$2" ;;
  run) [ $# -eq 2 ] || { echo "usage: $0 run DIR" >&2; exit 2; }; exec "$2/run.sh" ;;
  *) echo "usage: $0 prepare DIR | run DIR" >&2; exit 2 ;;
esac
