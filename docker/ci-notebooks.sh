#!/usr/bin/env bash
# Executes every notebook in notebooks/ against small run folders made here by the toolkit, with
# Debian's python3 and Jupyter (not whatever python3 comes first on PATH). For .ci/run; ~2-3 min
# after the build (plus ~3 min the first time for apt-get).
#   docker/ci-notebooks.sh [WORK_DIR]        (default: a fresh temporary folder, kept on failure)
# Env: SGDVI_LAUNCHER (default bin/sgdvi, which builds if needed; docker/entrypoint.sh uses a
# finished build as is), SGDVI_NB_SKIP_APT=1 (do not install packages).
# Prints "notebooks: N passed, M failed" last; exit 1 if any notebook failed.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
py=/usr/bin/python3
launcher="${SGDVI_LAUNCHER:-$root/bin/sgdvi}"
work="${1:-$(mktemp -d /tmp/sgdvi-notebooks.XXXXXX)}"
mkdir -p "$work"
log() { echo "ci-notebooks: $*" >&2; }

# 1. Debian packages (they bring nbconvert, the ipykernel kernel, matplotlib and numpy for /usr/bin/python3)
if ! "$py" -c 'import nbconvert, ipykernel, matplotlib, numpy' 2>/dev/null; then
  if [ "${SGDVI_NB_SKIP_APT:-0}" = 1 ]; then
    log "nbconvert/ipykernel/matplotlib/numpy missing for $py and SGDVI_NB_SKIP_APT=1"; exit 1
  fi
  log "installing jupyter-nbconvert python3-ipykernel python3-matplotlib python3-numpy"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends jupyter-nbconvert python3-ipykernel python3-matplotlib python3-numpy >/dev/null
fi

# 2. The committed notebooks hold no results
"$py" docker/notebooks-clean.py notebooks/*.ipynb

# 3. A kernel spec pinned to /usr/bin/python3, found first (JUPYTER_PATH), whatever ~/.local holds
kernels="$work/jupyter/kernels/python3"
mkdir -p "$kernels"
cat > "$kernels/kernel.json" <<JSON
{"argv": ["$py", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
 "display_name": "Python 3 (Debian)", "language": "python"}
JSON
export JUPYTER_PATH="$work/jupyter" PYDEVD_DISABLE_FILE_VALIDATION=1 MPLCONFIGDIR="$work/mpl" \
       PYTHONDONTWRITEBYTECODE=1

# 4. Run folders, at tiny sizes
commands=$("$launcher" --help 2>/dev/null | awk '/^Commands:/ {on = 1; next} on && /^  [a-z][a-z0-9-]*( |$)/ {print $1}')
has() { grep -qx "$1" <<<"$commands"; }
log "launcher commands: $(tr '\n' ' ' <<<"$commands")"

"$launcher" double-well --out "$work/double-well" --particles 2000 --steps 500 >"$work/double-well.log" 2>&1

"$py" docker/nb-fixtures.py store "$work/trajectory-store"
"$launcher" trajectory-analyze "$work/trajectory-store" --out "$work/trajectory" >"$work/trajectory.log" 2>&1

train=("$launcher" train --model tiny-fc --data mnist7x7-5class --epochs 1 --train-eval 1000)
if has sweep && has sweep-analyze; then
  "$launcher" sweep --model tiny-fc --data mnist7x7-5class --lr 0.05,0.2 --batch 128,512 --seeds 1 --epochs 1 \
      --out "$work/sweep" >"$work/sweep.log" 2>&1
  "$launcher" sweep-analyze "$work/sweep" >"$work/sweep-analyze.log" 2>&1
else
  log "no sweep command yet: the sweep folder is three train runs"
  "${train[@]}" --lr 0.2 --batch 128 --sampling without --out "$work/sweep/trials/lr0.2-b128-without" >"$work/train1.log" 2>&1
  "${train[@]}" --lr 0.05 --batch 512 --sampling without --out "$work/sweep/trials/lr0.05-b512-without" >"$work/train2.log" 2>&1
  "${train[@]}" --lr 0.05 --batch 512 --sampling with --out "$work/sweep/trials/lr0.05-b512-with" >"$work/train3.log" 2>&1
fi

spectrum_runs=()
if has spectrum; then
  grads="$work/gradients/grads.npy"
  if has gradients; then
    "$launcher" gradients --model tiny-fc --data mnist7x7-5class --count 256 --out "$work/gradients" >"$work/gradients.log" 2>&1
  else
    "$py" docker/nb-fixtures.py grads "$grads"
  fi
  "$launcher" spectrum --from-gradients "$grads" --out "$work/spectrum-from-gradients" >"$work/spectrum-fg.log" 2>&1
  spectrum_runs+=("$work/spectrum-from-gradients")
  if "$launcher" spectrum --help 2>/dev/null | grep -q -- '--epochs'; then
    "$launcher" spectrum --model tiny-fc --data mnist7x7-5class --epochs 1 --train-eval 1000 --examples 1000 \
        --out "$work/spectrum" >"$work/spectrum.log" 2>&1
    spectrum_runs=("$work/spectrum" "${spectrum_runs[@]}")
  fi
else
  log "no spectrum command yet: Figs. 1-2 run on a numpy stand-in (docker/nb-fixtures.py)"
  "$py" docker/nb-fixtures.py spectrum-standin "$work/spectrum-standin"
  spectrum_runs+=("$work/spectrum-standin")
fi

curvature_run="" spectrum_curvature_run=""
if has spectrum && "$launcher" spectrum --help 2>/dev/null | grep -q -- '--curvature'; then
  # H beside D at 50% and 100% of one epoch, then sgdvi curvature on the final model with the same 100 examples
  # and seed (--seed 1 is spectrum's default), so that the notebook can compare the two
  "$launcher" spectrum --model tiny-fc --data mnist7x7-5class --epochs 1 --train-eval 1000 --examples 100 \
      --fractions 0.5,1 --curvature --k 5 --bootstrap 100 --out "$work/spectrum-curvature" >"$work/spectrum-curvature.log" 2>&1
  spectrum_curvature_run="$work/spectrum-curvature"
  if has curvature; then
    "$launcher" curvature --run "$spectrum_curvature_run" --examples 100 --k 5 --bootstrap 100 --seed 1 \
        --out "$work/curvature" >"$work/curvature.log" 2>&1
    curvature_run="$work/curvature"
  fi
else
  log "no spectrum --curvature yet: curvature.ipynb runs without its folders (it notes what it skips)"
fi

# 5. Execute every notebook
spectrum_list=$(IFS=:; echo "${spectrum_runs[*]}")
export SGDVI_DOUBLE_WELL_RUN="$work/double-well" SGDVI_TRAJECTORY_RUN="$work/trajectory" SGDVI_SWEEP_RUN="$work/sweep" \
       SGDVI_SPECTRUM_RUN="${spectrum_runs[0]}" SGDVI_SPECTRUM_RUNS="$spectrum_list" \
       SGDVI_CURVATURE_RUN="$curvature_run" SGDVI_SPECTRUM_CURVATURE_RUN="$spectrum_curvature_run"
passed=0 failed=0
for nb in notebooks/*.ipynb; do
  name=$(basename "$nb")
  if "$py" -m nbconvert --to notebook --execute --ExecutePreprocessor.kernel_name=python3 \
       --ExecutePreprocessor.timeout=300 --output-dir "$work/executed" "$nb" >"$work/$name.log" 2>&1; then
    skipped=$(grep -o 'SKIPPED: [^"\\]*' "$work/executed/$name" | sed 's/^/    /' || true)
    log "PASS $name${skipped:+ (with notes:)}"
    [ -n "$skipped" ] && echo "$skipped" >&2
    passed=$((passed + 1))
  else
    log "FAIL $name:"; tail -n 25 "$work/$name.log" >&2
    failed=$((failed + 1))
  fi
done
[ "$failed" -eq 0 ] && [ -z "${1:-}" ] && rm -rf "$work"
echo "notebooks: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
