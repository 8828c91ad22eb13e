#!/usr/bin/env bash
# JVM and thread sizing for sgdvi, shared by docker/entrypoint.sh (the container's entrypoint) and
# usable on any Linux host. Source it and call `sgdvi_jvm_opts`, which fills the array SGDVI_JVM_OPTS
# and exports OMP_NUM_THREADS when a CPU quota applies; or run it to print the options, one a line.
#
# Memory: the smaller of the machine's MemTotal and the cgroup limit (v2 memory.max, v1
# memory.limit_in_bytes), because inside a container /proc/meminfo shows the whole host.
#   heap                 = memory / 4, at most 8 GiB        (override: SGDVI_HEAP, e.g. 6g)
#   off-heap (javacpp)   = 55% of memory                    (override: SGDVI_OFFHEAP)
#   physical (javacpp)   = 85% of memory, heap + off-heap + native code must stay below it
# These are bin/sgdvi's rules, applied to the container's limit instead of the host's RAM.
# Threads: with a cgroup CPU quota (v2 cpu.max, v1 cpu.cfs_quota_us) and no OMP_NUM_THREADS set,
# OMP_NUM_THREADS = ceil(quota / period): OpenMP otherwise starts one thread per host core.
# OMP_WAIT_POLICY defaults to PASSIVE, as in bin/sgdvi.
# Other knobs: SGDVI_MEMORY_MIB (the memory to size for), SGDVI_JAVACPP_CACHE (javacpp's cache
# folder, default ~/.sgdvi/javacpp-cache), SGDVI_JAVA_OPTS (appended last, so it wins),
# SGDVI_CGROUP_ROOT and SGDVI_MEMINFO (default /sys/fs/cgroup and /proc/meminfo; for tests).

# Prints the memory to size for, in MiB.
sgdvi_memory_mib() {
  if [ -n "${SGDVI_MEMORY_MIB:-}" ]; then
    echo "$SGDVI_MEMORY_MIB"
    return
  fi
  local cg="${SGDVI_CGROUP_ROOT:-/sys/fs/cgroup}" meminfo="${SGDVI_MEMINFO:-/proc/meminfo}"
  local kib mib limit
  kib=$(awk '/^MemTotal:/ {print $2}' "$meminfo" 2>/dev/null || true)
  mib=$(( ${kib:-8388608} / 1024 ))
  limit=""
  if [ -r "$cg/memory.max" ]; then
    limit=$(cat "$cg/memory.max")
  elif [ -r "$cg/memory/memory.limit_in_bytes" ]; then
    limit=$(cat "$cg/memory/memory.limit_in_bytes")
  fi
  # "max" (v2) or a huge number (v1: 2^63 rounded to pages) mean "no limit"
  if [[ "$limit" =~ ^[0-9]+$ ]] && [ "${#limit}" -lt 16 ]; then
    local limit_mib=$(( limit / 1024 / 1024 ))
    [ "$limit_mib" -gt 0 ] && [ "$limit_mib" -lt "$mib" ] && mib=$limit_mib
  fi
  echo "$mib"
}

# Prints the CPU quota in whole CPUs (rounded up), or nothing when there is none.
sgdvi_cpu_quota() {
  local cg="${SGDVI_CGROUP_ROOT:-/sys/fs/cgroup}" quota="" period=""
  if [ -r "$cg/cpu.max" ]; then
    read -r quota period < "$cg/cpu.max" || true
  elif [ -r "$cg/cpu/cpu.cfs_quota_us" ] && [ -r "$cg/cpu/cpu.cfs_period_us" ]; then
    quota=$(cat "$cg/cpu/cpu.cfs_quota_us"); period=$(cat "$cg/cpu/cpu.cfs_period_us")
  fi
  if [[ "$quota" =~ ^[0-9]+$ ]] && [[ "$period" =~ ^[0-9]+$ ]] && [ "$quota" -gt 0 ] && [ "$period" -gt 0 ]; then
    echo $(( (quota + period - 1) / period ))
  fi
}

# Fills SGDVI_JVM_OPTS; exports OMP_WAIT_POLICY, and OMP_NUM_THREADS under a CPU quota; creates the javacpp cache folder.
sgdvi_jvm_opts() {
  local mem heap offheap physical cache cpus
  mem=$(sgdvi_memory_mib)
  heap=$(( mem / 4 )); [ "$heap" -gt 8192 ] && heap=8192
  offheap=$(( mem * 55 / 100 ))
  physical=$(( mem * 85 / 100 ))
  cache="${SGDVI_JAVACPP_CACHE:-${HOME:-/tmp}/.sgdvi/javacpp-cache}"
  mkdir -p "$cache"
  SGDVI_JVM_OPTS=(
    "-Xmx${SGDVI_HEAP:-${heap}m}"
    "-Dorg.bytedeco.javacpp.maxbytes=${SGDVI_OFFHEAP:-${offheap}m}"
    "-Dorg.bytedeco.javacpp.maxphysicalbytes=${physical}m"
    "-Dorg.bytedeco.javacpp.cachedir=$cache"
  )
  if [ -n "${SGDVI_JAVA_OPTS:-}" ]; then
    # shellcheck disable=SC2206 # a plain space-separated list by contract, as in bin/sgdvi
    SGDVI_JVM_OPTS+=(${SGDVI_JAVA_OPTS})
  fi
  # OpenMP threads that busy-wait make DL4J several times slower on shared or small machines (as bin/sgdvi)
  export OMP_WAIT_POLICY="${OMP_WAIT_POLICY:-PASSIVE}"
  if [ -z "${OMP_NUM_THREADS:-}" ]; then
    unset OMP_NUM_THREADS  # set but empty would reach OpenMP as an invalid value
    cpus=$(sgdvi_cpu_quota)
    if [ -n "$cpus" ]; then
      export OMP_NUM_THREADS="$cpus"
    fi
  fi
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  sgdvi_jvm_opts
  printf '%s\n' "${SGDVI_JVM_OPTS[@]}"
  echo "OMP_WAIT_POLICY=$OMP_WAIT_POLICY"
  [ -n "${OMP_NUM_THREADS:-}" ] && echo "OMP_NUM_THREADS=$OMP_NUM_THREADS"
  exit 0
fi
