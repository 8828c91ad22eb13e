#!/usr/bin/env bash
# shellcheck disable=SC2016 # the bash -c snippets below expand their own arguments
# CI for the container recipes on a host without a Docker engine: every step the image build and
# the containers run is a script under docker/, and this runs them here.
#   1. lint: Dockerfile (npm dockerfilelint + dockerfile-utils), shell scripts (Debian shellcheck),
#      Python helpers (py_compile)
#   2. manifests: docker/compose.yaml and docker/k8s/*.yaml parse and say what the docs promise
#   3. image build, emulated: the files .dockerignore lets into the context and the build stage's
#      COPY lines, built with docker/build.sh (without --cuda) and laid out with docker/stage.sh;
#      then the staged entrypoint runs `doctor` and `models --json` with the CUDA backend off
#   4. docker/test-scripts.sh: JVM sizing under fake cgroup limits, backend choice for fake GPUs,
#      the entrypoint against the source-tree build (built by docker/build.sh if missing)
#   5. the CUDA 13 path's GPU check: docker/device-check.sh prepare builds its folder (at most 60 MiB,
#      checked), and its run.sh exits 3 here, saying there is no usable GPU (0 or 1 on a GPU host)
#   docker/ci-check.sh [--no-image-build]
# Env: SGDVI_MVN_OFFLINE=1 builds with mvn -o. Last line: "docker: N passed, M failed".
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root" || exit 1
tmp="$(mktemp -d /tmp/sgdvi-ci-docker.XXXXXX)"
trap 'rm -rf "$tmp"' EXIT
image_build=1; [ "${1:-}" = "--no-image-build" ] && image_build=0
mvn_mode=(--quiet); [ "${SGDVI_MVN_OFFLINE:-0}" = 1 ] && mvn_mode+=(--offline)
passed=0 failed=0
step() {  # step NAME COMMAND...: runs it, output to a log shown on failure
  local name="$1"; shift
  local log; log="$tmp/$(tr -c 'a-zA-Z0-9' '_' <<<"$name").log"
  if "$@" >"$log" 2>&1; then
    echo "ok - $name"; passed=$((passed + 1))
  else
    echo "not ok - $name"; tail -n 40 "$log" | sed 's/^/    /'; failed=$((failed + 1))
  fi
}

# tools: Debian packages and npm linters, pinned, installed into a temporary prefix
export DEBIAN_FRONTEND=noninteractive
need=()
command -v shellcheck >/dev/null 2>&1 || need+=(shellcheck)
/usr/bin/python3 -c 'import yaml' 2>/dev/null || need+=(python3-yaml)
command -v npm >/dev/null 2>&1 || need+=(npm)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
step "install Dockerfile linters (npm dockerfilelint@1.8.0, dockerfile-utils@0.16.3)" \
  npm install --prefix "$tmp/npm" --no-audit --no-fund --loglevel=error dockerfilelint@1.8.0 dockerfile-utils@0.16.3

# 1. lint
step "lint Dockerfile: dockerfilelint" "$tmp/npm/node_modules/.bin/dockerfilelint" Dockerfile
step "lint Dockerfile: dockerfile-utils lint" bash -c '
  out=$("$0" lint Dockerfile) || { echo "$out"; exit 1; }
  [ -z "$out" ] || { echo "$out"; exit 1; }' "$tmp/npm/node_modules/.bin/dockerfile-utils"
step "lint shell scripts: shellcheck" shellcheck -x docker/*.sh docker/k8s/*.sh
step "compile Python helpers" env PYTHONPYCACHEPREFIX="$tmp/pycache" /usr/bin/python3 -m py_compile docker/emulate-context.py docker/validate-manifests.py \
  docker/notebooks-clean.py docker/nb-fixtures.py notebooks/sgdvi_runs.py

# 2. manifests
step "manifests: docker/validate-manifests.py" /usr/bin/python3 docker/validate-manifests.py

# 3. image build, emulated on the host
if [ "$image_build" = 1 ]; then
  step "image build stage: context from .dockerignore + COPY lines" /usr/bin/python3 docker/emulate-context.py "$tmp/src"
  step "image build stage: docker/build.sh in the context copy" bash -c 'cd "$0" && docker/build.sh "${@}"' "$tmp/src" "${mvn_mode[@]}"
  step "image build stage: docker/stage.sh /opt/sgdvi layout" bash -c 'cd "$0" && docker/stage.sh "$1"' "$tmp/src" "$tmp/opt"
  step "image runtime: entrypoint.sh doctor with BACKEND_PRIORITY_GPU=0" bash -c '
    out=$(BACKEND_PRIORITY_GPU=0 BACKEND_PRIORITY_CPU=100 SGDVI_JAVACPP_CACHE="$1/javacpp" "$0/bin/entrypoint.sh" doctor) || exit 1
    echo "$out"; grep -q "backend:        CpuBackend" <<<"$out" && grep -q "kernel check:   PASS" <<<"$out"' "$tmp/opt" "$tmp"
  step "image runtime: entrypoint.sh models --json" bash -c '
    BACKEND_PRIORITY_GPU=0 BACKEND_PRIORITY_CPU=100 SGDVI_JAVACPP_CACHE="$1/javacpp" "$0/bin/entrypoint.sh" models --json \
      | /usr/bin/python3 -c "import json, sys; r = json.load(sys.stdin); print(r); assert {m[\"name\"] for m in r} >= {\"small-lenet\", \"small-fc\", \"tiny-fc\", \"small-allcnn\"}"' \
    "$tmp/opt" "$tmp"
fi

# 4. script tests against the source-tree build
if [ ! -f experiments/target/sgdvi-experiments.jar ] || [ ! -d experiments/target/lib ]; then
  step "source-tree build: docker/build.sh" docker/build.sh "${mvn_mode[@]}"
fi
if docker/test-scripts.sh >"$tmp/test-scripts.log" 2>&1; then
  echo "ok - docker/test-scripts.sh ($(tail -1 "$tmp/test-scripts.log"))"; passed=$((passed + 1))
else
  echo "not ok - docker/test-scripts.sh"; grep -v '^ok' "$tmp/test-scripts.log" | sed 's/^/    /'; failed=$((failed + 1))
fi

# 5. the packed GPU check of the CUDA 13 path
step "device check: docker/device-check.sh prepare (folder at most 60 MiB)" env SGDVI_MVN_OFFLINE="${SGDVI_MVN_OFFLINE:-0}" \
  docker/device-check.sh prepare "$tmp/device-check"
step "device check: run.sh exits 3 without a GPU, with one sentence" bash -c '
  size=$(du -sb "$0" | cut -f1); echo "folder: $size bytes"; [ "$size" -le $((60 * 1048576)) ] || exit 1
  err=$("$0/run.sh" 2>&1 >/dev/null); rc=$?; echo "run.sh exit $rc: $err"
  if nvidia-smi -L >/dev/null 2>&1; then [ "$rc" -eq 0 ] || [ "$rc" -eq 1 ]; else
    [ "$rc" -eq 3 ] && grep -q "^device-check: no usable NVIDIA GPU for the CUDA 13 path here: .*\.$" <<<"$err"; fi' \
  "$tmp/device-check"

echo "docker: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
