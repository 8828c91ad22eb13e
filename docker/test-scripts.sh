#!/usr/bin/env bash
# Tests of the container scripts on the host, with fake cgroup files, a fake nvidia-smi and the
# toolkit build in the source tree (docker/build.sh). Prints "ok - ..." / "not ok - ..." per check
# and a last line "scripts: N passed, M failed"; exit 1 if any failed.
#   docker/test-scripts.sh          (needs experiments/target from docker/build.sh or mvn package)
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d /tmp/sgdvi-test-scripts.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0
ok() { echo "ok - $1"; passed=$((passed + 1)); }
notok() { echo "not ok - $1"; [ -n "${2:-}" ] && printf '%s\n' "$2" | sed 's/^/    /'; failed=$((failed + 1)); }
expect_eq() { if [ "$2" = "$3" ]; then ok "$1"; else notok "$1" "expected [$3], got [$2]"; fi; }
expect_has() { if grep -qF -- "$3" <<<"$2"; then ok "$1"; else notok "$1" "expected to contain [$3], got: $2"; fi; }

# ---- jvm-opts.sh: memory from the smaller of MemTotal and the cgroup limit; OMP threads from the CPU quota
meminfo="$tmp/meminfo"; echo "MemTotal:       16777216 kB" > "$meminfo"   # 16 GiB
# shellcheck disable=SC2016 # the inner bash -c expands its own variables
opts() {  # prints the options for a fake cgroup root $1 (then VAR=value settings)
  local cg="$1"; shift
  env -u OMP_NUM_THREADS -u OMP_WAIT_POLICY -u SGDVI_JAVACPP_CACHE SGDVI_MEMINFO="$meminfo" SGDVI_CGROUP_ROOT="$cg" HOME="$tmp/home" "$@" \
    bash -c '. "$1"; sgdvi_jvm_opts; printf "%s\n" "${SGDVI_JVM_OPTS[@]}"; echo "OMP=${OMP_NUM_THREADS:-unset} WAIT=$OMP_WAIT_POLICY"' \
    _ "$root/docker/jvm-opts.sh"
}
v2="$tmp/cg2"; mkdir -p "$v2"; echo 4294967296 > "$v2/memory.max"; echo "150000 100000" > "$v2/cpu.max"
out=$(opts "$v2")
expect_has "jvm-opts: cgroup v2 limit 4 GiB -> heap 1024m" "$out" "-Xmx1024m"
expect_has "jvm-opts: off-heap 55% of 4 GiB" "$out" "-Dorg.bytedeco.javacpp.maxbytes=2252m"
expect_has "jvm-opts: physical 85% of 4 GiB" "$out" "-Dorg.bytedeco.javacpp.maxphysicalbytes=3481m"
expect_has "jvm-opts: CPU quota 1.5 -> OMP_NUM_THREADS 2" "$out" "OMP=2"
expect_has "jvm-opts: OMP_WAIT_POLICY defaults to PASSIVE" "$out" "WAIT=PASSIVE"
expect_has "jvm-opts: javacpp cache under HOME by default" "$out" "-Dorg.bytedeco.javacpp.cachedir=$tmp/home/.sgdvi/javacpp-cache"
echo max > "$v2/memory.max"; echo "max 100000" > "$v2/cpu.max"
out=$(opts "$v2")
expect_has "jvm-opts: memory.max 'max' -> MemTotal 16 GiB -> heap 4096m" "$out" "-Xmx4096m"
expect_has "jvm-opts: cpu.max 'max' -> OMP_NUM_THREADS left unset" "$out" "OMP=unset"
v1="$tmp/cg1"; mkdir -p "$v1/memory" "$v1/cpu"; echo 9223372036854771712 > "$v1/memory/memory.limit_in_bytes"
echo -1 > "$v1/cpu/cpu.cfs_quota_us"; echo 100000 > "$v1/cpu/cpu.cfs_period_us"
out=$(opts "$v1")
expect_has "jvm-opts: cgroup v1 'unlimited' (2^63) -> MemTotal" "$out" "-Xmx4096m"
echo 2147483648 > "$v1/memory/memory.limit_in_bytes"; echo 300000 > "$v1/cpu/cpu.cfs_quota_us"
out=$(opts "$v1")
expect_has "jvm-opts: cgroup v1 limit 2 GiB -> heap 512m" "$out" "-Xmx512m"
expect_has "jvm-opts: cgroup v1 quota 3 CPUs" "$out" "OMP=3"
out=$(opts "$tmp/none" SGDVI_MEMORY_MIB=65536)
expect_has "jvm-opts: heap capped at 8 GiB" "$out" "-Xmx8192m"
out=$(opts "$v1" SGDVI_HEAP=3g SGDVI_OFFHEAP=5g OMP_NUM_THREADS=7 SGDVI_JAVA_OPTS="-Dfoo=1 -Dbar=2")
expect_has "jvm-opts: SGDVI_HEAP overrides" "$out" "-Xmx3g"
expect_has "jvm-opts: SGDVI_OFFHEAP overrides" "$out" "-Dorg.bytedeco.javacpp.maxbytes=5g"
expect_has "jvm-opts: OMP_NUM_THREADS set by the caller wins" "$out" "OMP=7"
expect_eq "jvm-opts: SGDVI_JAVA_OPTS split into options, last" "$(grep -A1 -- '-Dfoo=1' <<<"$out" | tail -1)" "-Dbar=2"
out=$(opts "$v1" OMP_WAIT_POLICY=ACTIVE)
expect_has "jvm-opts: OMP_WAIT_POLICY set by the caller wins" "$out" "WAIT=ACTIVE"

# ---- gpu-select.sh: backend priorities from what nvidia-smi reports
fake_smi() {  # $1 = CSV lines "index, name, compute_cap" printed by a fake nvidia-smi; $2 = exit code
  printf '#!/bin/sh\ncat <<"CSV"\n%s\nCSV\nexit %s\n' "$1" "${2:-0}" > "$tmp/nvidia-smi"; chmod +x "$tmp/nvidia-smi"
}
# shellcheck disable=SC2016 # the inner bash -c expands its own variables
select_env() {  # runs sgdvi_select_backend, prints the variables it set and its notes (stderr)
  env -u BACKEND_PRIORITY_CPU -u BACKEND_PRIORITY_GPU -u CUDA_VISIBLE_DEVICES -u CUDA_DEVICE_ORDER \
    SGDVI_NVIDIA_SMI="${SMI:-$tmp/nvidia-smi}" SGDVI_DEV_DIR="${DEV:-$tmp/nodev}" "$@" \
    bash -c '. "$1"; sgdvi_select_backend 2>&1; echo "CPU=${BACKEND_PRIORITY_CPU:-} GPU=${BACKEND_PRIORITY_GPU:-} VIS=${CUDA_VISIBLE_DEVICES-unset} ORDER=${CUDA_DEVICE_ORDER:-}"' \
    _ "$root/docker/gpu-select.sh"
}
smi_case() {  # $1 = one GPU's CSV line, $2 = what it is and what must follow, $3 = expected in the output (left in $out)
  fake_smi "$1"
  out=$(select_env)
  expect_has "gpu-select: $2" "$out" "$3"
}
mkdir -p "$tmp/nodev" "$tmp/dev"; touch "$tmp/dev/nvidia0" "$tmp/dev/nvidiactl"
out=$(SMI="$tmp/absent" select_env)
expect_has "gpu-select: no nvidia-smi, no /dev/nvidiaN -> CPU first" "$out" "CPU=100 GPU=0"
out=$(SMI="$tmp/absent" DEV="$tmp/dev" select_env)
expect_has "gpu-select: no nvidia-smi but /dev/nvidia0 -> ND4J defaults" "$out" "CPU= GPU= VIS=unset"
fake_smi "" 9
out=$(DEV="$tmp/dev" select_env)
expect_has "gpu-select: nvidia-smi without compute_cap (old driver) and a device -> ND4J defaults" "$out" "CPU= GPU= VIS=unset"
smi_case "0, NVIDIA A100-SXM4-40GB, 8.0" "A100 (8.0) -> ND4J defaults (CUDA first)" "CPU= GPU= VIS=unset"
smi_case "0, NVIDIA GeForce RTX 4090, 8.9" "RTX 4090 (8.9, binary compatible) -> CUDA" "CPU= GPU= VIS=unset"
smi_case "0, Tesla K80, 3.7" "K80 (3.7, oldest supported) -> CUDA" "CPU= GPU= VIS=unset"
smi_case "0, NVIDIA H100 80GB HBM3, 9.0" "H100 (9.0) -> CPU first" "CPU=100 GPU=0"
expect_has "gpu-select: H100 note names the device and the reason" "$out" "NVIDIA H100 80GB HBM3 (GPU 0, compute capability 9.0) cannot run ND4J's CUDA 11.6 build"
expect_has "gpu-select: H100 note sends D(x) to the CUDA 13 path" "$out" "D(x) the CUDA 13 path where its libraries are found"
# shellcheck disable=SC2016 # the inner bash -c expands its own variables
cuda13_env() {  # runs sgdvi_cuda13_libs, prints what it set
  env -u SGDVI_CUDA13_LIB LD_LIBRARY_PATH=/old "$@" \
    bash -c '. "$1"; sgdvi_cuda13_libs; echo "LIB=${SGDVI_CUDA13_LIB:-} LD=$LD_LIBRARY_PATH OPTS=${SGDVI_CUDA13_OPTS[*]:-}"' \
    _ "$root/docker/gpu-select.sh"
}
mkdir -p "$tmp/cu13/lib"
out=$(cuda13_env SGDVI_CUDA13_LIB="$tmp/cu13/lib")
expect_eq "gpu-select: SGDVI_CUDA13_LIB -> LD_LIBRARY_PATH and javacpp preload path" "$out" \
  "LIB=$tmp/cu13/lib LD=$tmp/cu13/lib:/old OPTS=-Dorg.bytedeco.javacpp.platform.preloadpath=$tmp/cu13/lib"
out=$(cuda13_env SGDVI_NVIDIA_SMI="$tmp/absent")
expect_eq "gpu-select: no nvidia-smi, no SGDVI_CUDA13_LIB -> nothing set for CUDA 13" "$out" "LIB= LD=/old OPTS="
smi_case "0, Tesla K20Xm, 3.5" "K20 (3.5) -> CPU first" "CPU=100 GPU=0"
fake_smi "0, NVIDIA B200, 10.0"
out=$(SGDVI_QUIET=1 select_env)
expect_eq "gpu-select: B200 (10.0) -> CPU first, SGDVI_QUIET silences the note" "$out" "CPU=100 GPU=0 VIS=unset ORDER="
fake_smi "0, NVIDIA H100 PCIe, 9.0
1, NVIDIA A100 80GB PCIe, 8.0
2, NVIDIA L4, 8.9"
out=$(select_env)
expect_has "gpu-select: H100 + A100 + L4 -> hide the H100" "$out" "CPU= GPU= VIS=1,2 ORDER=PCI_BUS_ID"
out=$(select_env CUDA_VISIBLE_DEVICES=0)
expect_has "gpu-select: CUDA_VISIBLE_DEVICES set by the caller is kept" "$out" "VIS=0 ORDER="
fake_smi "0, NVIDIA H100 80GB HBM3, 9.0"
out=$(select_env BACKEND_PRIORITY_GPU=100)
expect_has "gpu-select: BACKEND_PRIORITY_GPU set by the caller is kept" "$out" "CPU= GPU=100"

# ---- entrypoint.sh against the source-tree build, and against a staged image layout
if [ ! -f "$root/experiments/target/sgdvi-experiments.jar" ]; then
  notok "entrypoint: experiments/target/sgdvi-experiments.jar missing (run docker/build.sh first)"
else
  out=$(SGDVI_HOME="$tmp/nothing" "$root/docker/entrypoint.sh" doctor 2>&1); rc=$?
  expect_eq "entrypoint: no build -> exit 1" "$rc" "1"
  expect_has "entrypoint: no build -> says what to run" "$out" "run docker/build.sh"
  export SGDVI_JAVACPP_CACHE="$tmp/javacpp"
  out=$(BACKEND_PRIORITY_GPU=0 BACKEND_PRIORITY_CPU=100 OMP_NUM_THREADS=1 SGDVI_PRINT_COMMAND=1 \
        "$root/docker/entrypoint.sh" doctor 2>&1); rc=$?
  expect_eq "entrypoint (source tree): doctor exits 0" "$rc" "0"
  expect_has "entrypoint (source tree): doctor reports the CPU backend" "$out" "backend:        CpuBackend"
  expect_has "entrypoint (source tree): OMP_NUM_THREADS reaches ND4J" "$out" "threads:        OMP 1"
  expect_has "entrypoint (source tree): java command printed" "$out" "org.sgdvi.experiments.cli.SgdviCommand doctor"
  expect_has "entrypoint (source tree): javacpp cache from SGDVI_JAVACPP_CACHE" "$out" "-Dorg.bytedeco.javacpp.cachedir=$tmp/javacpp"
  "$root/docker/stage.sh" "$tmp/opt" 2>/dev/null
  out=$(BACKEND_PRIORITY_GPU=0 BACKEND_PRIORITY_CPU=100 "$tmp/opt/bin/sgdvi" models --json 2>/dev/null); rc=$?
  expect_eq "entrypoint (staged layout, via bin/sgdvi link): models --json exits 0" "$rc" "0"
  counts=$(/usr/bin/python3 -c '
import json, sys
print(" ".join("%s:%s:%s" % (m["name"], m["classes"], m["trainableWeights"]) for m in json.load(sys.stdin)))' <<<"$out" 2>&1)
  for want in small-lenet:10:13338 small-fc:10:3978 tiny-fc:5:917 small-allcnn:10:26982 small-allcnn:100:29412; do
    expect_has "entrypoint (staged layout): models --json lists $want (paper's weight count)" "$counts" "$want"
  done
  out=$("$root/docker/stage.sh" --expect-cuda "$tmp/opt2" 2>&1); rc=$?
  expect_eq "stage.sh --expect-cuda on a CPU build -> exit 1" "$rc" "1"
  expect_has "stage.sh --expect-cuda names the missing jar" "$out" "nd4j-cuda-11.6-*-linux-x86_64.jar"
  out=$("$root/docker/stage.sh" --expect-cuda13 "$tmp/opt3" 2>&1); rc=$?
  expect_eq "stage.sh --expect-cuda13 on a build without the redist jar -> exit 1" "$rc" "1"
  expect_has "stage.sh --expect-cuda13 names the missing jar" "$out" "cuda-13.*-linux-x86_64-redist.jar"
  out=$("$root/docker/build.sh" --cuda --cuda13 2>&1); rc=$?
  expect_eq "build.sh --cuda --cuda13 -> exit 2 (both bring org.bytedeco:cuda)" "$rc" "2"
  if [ -z "$(find "$tmp/opt/app" -name 'sgdvi-*.jar' -newer "$tmp/meminfo" | head -1)" ] \
     || [ -n "$(find "$tmp/opt/lib" -name 'sgdvi-*')" ]; then
    notok "stage.sh: toolkit jars in app/, third-party jars in lib/"
  else
    ok "stage.sh: toolkit jars in app/, third-party jars in lib/"
  fi
fi

echo "scripts: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
