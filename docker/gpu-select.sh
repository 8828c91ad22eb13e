#!/usr/bin/env bash
# Picks the ND4J backend before the JVM starts, for docker/entrypoint.sh. ND4J reads the backend
# priorities only from the environment variables BACKEND_PRIORITY_CPU (default 0) and
# BACKEND_PRIORITY_GPU (default 100), once, in Nd4jBackend's static initializer; the highest
# priority backend whose isAvailable() holds is loaded. A JVM system property of the same name
# does nothing, so this has to happen in the launcher.
#
# ND4J's CUDA 11.6 build (1.0.0-M2.1) has GPU code for compute capability 3.7 to 8.6 and no PTX:
# 8.9 runs through binary compatibility with 8.6; 9.0 and above, and below 3.7, cannot run it,
# yet the CUDA backend still counts such a device and loads, then fails at the first kernel.
# So, unless the caller set BACKEND_PRIORITY_GPU or BACKEND_PRIORITY_CPU:
#   - no NVIDIA GPU visible (nvidia-smi lists none; or no nvidia-smi and no /dev/nvidiaN):
#     prefer the CPU backend (saves extracting the CUDA libraries just to find no device);
#   - GPUs visible, none usable: prefer the CPU backend and say why on stderr
#     (`sgdvi doctor` prints the same verdict per device);
#   - some usable, some not, CUDA_VISIBLE_DEVICES unset: hide the unusable ones
#     (CUDA_DEVICE_ORDER=PCI_BUS_ID so CUDA numbers devices as nvidia-smi does).
# Env: SGDVI_NVIDIA_SMI (default nvidia-smi), SGDVI_DEV_DIR (default /dev; for tests),
# SGDVI_QUIET=1 silences the notes.
#
# The CUDA 13 path (D(x) and its eigenvalues through cuBLAS / cuSOLVER, `--device auto|cuda`) is
# separate from ND4J's backend: it runs on compute capability 7.5 and above (Hopper, Blackwell
# included) whichever backend ND4J uses. sgdvi_cuda13_libs finds its libraries for the JVM.

# 0 when compute capability MAJOR.MINOR can run ND4J's CUDA 11.6 build.
sgdvi_cc_supported() {
  local major="${1%%.*}" minor="${1#*.}"
  [[ "$major" =~ ^[0-9]+$ ]] && [[ "$minor" =~ ^[0-9]+$ ]] || return 1
  local cc=$(( major * 10 + minor ))
  [ "$cc" -ge 37 ] && [ "$major" -le 8 ]
}

sgdvi_note() {
  [ "${SGDVI_QUIET:-0}" = 1 ] || echo "sgdvi: $*" >&2
}

sgdvi_prefer_cpu() {
  export BACKEND_PRIORITY_CPU=100 BACKEND_PRIORITY_GPU=0
}

# Sets BACKEND_PRIORITY_* (and maybe CUDA_VISIBLE_DEVICES) as described above.
sgdvi_select_backend() {
  if [ -n "${BACKEND_PRIORITY_GPU:-}" ] || [ -n "${BACKEND_PRIORITY_CPU:-}" ]; then
    return 0
  fi
  local smi="${SGDVI_NVIDIA_SMI:-nvidia-smi}" out
  if ! command -v "$smi" >/dev/null 2>&1 \
      || ! out=$("$smi" --query-gpu=index,name,compute_cap --format=csv,noheader 2>/dev/null); then
    # No nvidia-smi, or a driver too old to report compute_cap (before R510): with NVIDIA
    # device nodes present, leave ND4J's defaults (CUDA first, CPU when it finds no device).
    if ! compgen -G "${SGDVI_DEV_DIR:-/dev}/nvidia[0-9]*" >/dev/null; then
      sgdvi_prefer_cpu
    fi
    return 0
  fi
  local usable=() unusable=() line index name cc
  while IFS= read -r line; do
    [ -n "$line" ] || continue
    IFS=',' read -r index name cc <<<"$line"
    index="${index//[[:space:]]/}"; cc="${cc//[[:space:]]/}"; name="${name#"${name%%[![:space:]]*}"}"
    [[ "$index" =~ ^[0-9]+$ ]] || continue
    if sgdvi_cc_supported "$cc"; then
      usable+=("$index")
    else
      unusable+=("$name (GPU $index, compute capability $cc)")
    fi
  done <<<"$out"
  if [ ${#usable[@]} -eq 0 ] && [ ${#unusable[@]} -eq 0 ]; then
    sgdvi_prefer_cpu
  elif [ ${#usable[@]} -eq 0 ]; then
    sgdvi_prefer_cpu
    local u
    for u in "${unusable[@]}"; do
      sgdvi_note "$u cannot run ND4J's CUDA 11.6 build (it supports compute capability 3.7 to 8.9); ND4J uses the CPU, D(x) the CUDA 13 path where its libraries are found. See 'sgdvi doctor'."
    done
  elif [ ${#unusable[@]} -gt 0 ] && [ -z "${CUDA_VISIBLE_DEVICES+set}" ]; then
    local joined
    joined=$(IFS=,; echo "${usable[*]}")
    export CUDA_DEVICE_ORDER=PCI_BUS_ID CUDA_VISIBLE_DEVICES="$joined"
    local u
    for u in "${unusable[@]}"; do
      sgdvi_note "$u cannot run ND4J's CUDA 11.6 build; hiding it (CUDA_VISIBLE_DEVICES=$joined)."
    done
  fi
  return 0
}

# Finds the CUDA 13 libraries (libcublas.so.13, libcusolver.so.12, ...) for the CUDA 13 path: the
# directory SGDVI_CUDA13_LIB names, else the nvidia cu13 pip wheels of python3 (site-packages/nvidia/
# cu13/lib), looked for only when nvidia-smi answers. Prepends the directory to LD_LIBRARY_PATH (the
# JNI wrappers link against the libraries by soname) and fills the array SGDVI_CUDA13_OPTS with
# -Dorg.bytedeco.javacpp.platform.preloadpath=DIR. A system install (/usr/local/cuda, ldconfig) or
# the image's redist jar needs nothing here.
sgdvi_cuda13_libs() {
  # shellcheck disable=SC2034 # read by the scripts that source this file
  SGDVI_CUDA13_OPTS=()
  local dir="${SGDVI_CUDA13_LIB:-}" smi="${SGDVI_NVIDIA_SMI:-nvidia-smi}"
  if [ -z "$dir" ] && command -v "$smi" >/dev/null 2>&1 && command -v python3 >/dev/null 2>&1; then
    dir=$(python3 -c 'import nvidia, os; print(next((os.path.join(p, "cu13", "lib") for p in nvidia.__path__ if os.path.isdir(os.path.join(p, "cu13", "lib"))), ""))' 2>/dev/null || true)
  fi
  [ -n "$dir" ] && [ -d "$dir" ] || return 0
  export SGDVI_CUDA13_LIB="$dir" LD_LIBRARY_PATH="$dir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
  # shellcheck disable=SC2034 # read by the scripts that source this file
  SGDVI_CUDA13_OPTS=("-Dorg.bytedeco.javacpp.platform.preloadpath=$dir")
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  sgdvi_select_backend
  sgdvi_cuda13_libs
  env | grep -E '^(BACKEND_PRIORITY_(CPU|GPU)|CUDA_VISIBLE_DEVICES|CUDA_DEVICE_ORDER|SGDVI_CUDA13_LIB)=' | sort || true
fi
