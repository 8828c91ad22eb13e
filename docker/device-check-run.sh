#!/usr/bin/env bash
# run.sh of a folder made by `docker/device-check.sh prepare DIR`: the CUDA 13 path's check on a
# machine with an NVIDIA GPU, needing no Java, no Maven and no network there. Step by step:
#   1. finds the CUDA 13 libraries: $SGDVI_CUDA13_LIB, else the nvidia cu13 pip wheels of python3
#      (python3 -c 'import nvidia, os; ...'), else /usr/local/cuda/lib64 and ldconfig; the driver's
#      libcuda.so.1 from ldconfig or /usr/local/nvidia/lib64;
#   2. unpacks the folder's JRE (jlink, Java 17) into a temporary directory;
#   3. runs org.sgdvi.core.device.DeviceCheck: regenerates the seeded K x d spiked gradient matrix chunk
#      by chunk on the host, forms D on the GPU (cublasSsyrk per chunk, one cublasSsyr mean
#      correction), computes all d eigenvalues (cusolverDnSsyevd) and compares them with
#      reference.json (max |lambda_i - ref_i| <= 1e-4 lambda_max, numpy's rank identical), printing
#      each stage with its time and the D + eigenvalues time against the 10 s target.
# Exit status: 0 agreement, 1 disagreement, 2 failure, 3 no usable GPU here (one sentence on stderr),
# 124 the time limit ($SGDVI_CHECK_TIMEOUT seconds, default 420) ran out.
# Env: SGDVI_CUDA13_LIB (directory of libcublas.so.13, ...), SGDVI_CHECK_TIMEOUT, SGDVI_CHECK_CHUNK_ROWS
# (default 2048), OUT (when set, device-check.json is written there).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
t0=$(date +%s)
say() { echo "device-check: [$(( $(date +%s) - t0 )) s] $*"; }

dirs=()
[ -n "${SGDVI_CUDA13_LIB:-}" ] && dirs+=("$SGDVI_CUDA13_LIB")
if command -v python3 >/dev/null 2>&1; then
  while IFS= read -r d; do [ -n "$d" ] && dirs+=("$d"); done < <(python3 -c '
import glob, os
try:
    import nvidia
except Exception:
    raise SystemExit(0)
for root in list(nvidia.__path__):
    for lib in sorted(glob.glob(os.path.join(root, "cu13", "lib")) + glob.glob(os.path.join(root, "*", "lib"))):
        if glob.glob(os.path.join(lib, "*.so*")):
            print(lib)
' 2>/dev/null)
fi
for d in /usr/local/cuda/lib64 /usr/local/cuda/targets/x86_64-linux/lib /usr/local/nvidia/lib64 /usr/local/nvidia/lib; do
  [ -d "$d" ] && dirs+=("$d")
done
if command -v ldconfig >/dev/null 2>&1; then
  while IFS= read -r d; do [ -n "$d" ] && dirs+=("$d"); done < <(ldconfig -p 2>/dev/null \
    | awk '/(libcuda\.so\.1|libcublas\.so\.13|libcusolver\.so\.12) /{print $NF}' | xargs -r -n1 dirname | sort -u)
fi
libpath=$(IFS=:; echo "${dirs[*]:-}")
say "library directories searched: ${libpath:-none}"
if command -v nvidia-smi >/dev/null 2>&1; then
  say "nvidia-smi: $(nvidia-smi --query-gpu=name,compute_cap,memory.total,driver_version --format=csv,noheader 2>&1 | head -4 | tr '\n' ';')"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/sgdvi-device-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
if ! tar -xJf "$here/jre.tar.xz" -C "$work" 2>/dev/null; then
  python3 -c 'import sys, tarfile; tarfile.open(sys.argv[1]).extractall(sys.argv[2])' "$here/jre.tar.xz" "$work" \
    || { echo "device-check: could not unpack $here/jre.tar.xz (needs tar with xz, or python3)." >&2; exit 2; }
fi
say "JRE unpacked: $("$work/jre/bin/java" -version 2>&1 | head -1)"

result=()
[ -n "${OUT:-}" ] && [ -d "${OUT:-}" ] && result=("$OUT/device-check.json")
export LD_LIBRARY_PATH="${libpath}${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
timeout "${SGDVI_CHECK_TIMEOUT:-420}" "$work/jre/bin/java" -Xmx16g -XX:+UseParallelGC \
  -Dorg.bytedeco.javacpp.platform.preloadpath="$libpath" \
  -Dorg.bytedeco.javacpp.cachedir="$work/javacpp" \
  -cp "$here/lib/*" org.sgdvi.core.device.DeviceCheck "$here/reference.json" "${result[0]:-}" "${SGDVI_CHECK_CHUNK_ROWS:-2048}"
rc=$?
say "exit status $rc"
exit "$rc"
