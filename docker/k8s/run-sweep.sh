#!/usr/bin/env bash
# Runs the sharded sweep on a Kubernetes cluster, in order: volumes, data, shards, merge + analysis.
# Kubernetes has no ordering between Jobs, so this script waits for each to finish.
#   SGDVI_IMAGE=registry.example.org/sgdvi:cuda docker/k8s/run-sweep.sh
# Env: SGDVI_IMAGE (the image pushed to a registry the cluster pulls from; default sgdvi:cuda),
# KUBECTL (default kubectl), SGDVI_SKIP_FETCH=1 (the data volume is already filled),
# SGDVI_TIMEOUT (seconds to wait for each Job, default 86400).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
kubectl="${KUBECTL:-kubectl}"
image="${SGDVI_IMAGE:-sgdvi:cuda}"
timeout="${SGDVI_TIMEOUT:-86400}"

apply() {  # the manifest with its image replaced
  sed "s#image: sgdvi:cuda#image: ${image}#" "$here/$1" | "$kubectl" apply -f -
}

wait_job() {  # until the Job is Complete (0) or Failed (1)
  local job="$1" waited=0 state
  while [ "$waited" -lt "$timeout" ]; do
    state=$("$kubectl" get job "$job" -o jsonpath='{range .status.conditions[?(@.status=="True")]}{.type}{" "}{end}')
    case " $state " in
      *" Complete "*) echo "run-sweep: job $job complete" >&2; return 0 ;;
      *" Failed "*) echo "run-sweep: job $job failed; see: $kubectl logs job/$job" >&2; return 1 ;;
    esac
    sleep 20; waited=$((waited + 20))
  done
  echo "run-sweep: job $job not finished after ${timeout}s" >&2
  return 1
}

"$kubectl" apply -f "$here/volumes.yaml"
if [ "${SGDVI_SKIP_FETCH:-0}" != 1 ]; then
  "$kubectl" delete job sgdvi-fetch-data --ignore-not-found
  apply fetch-data-job.yaml
  wait_job sgdvi-fetch-data
fi
# Re-running resumes: a new Job with the same shards skips the trials its ledgers list as finished.
"$kubectl" delete job sgdvi-sweep sgdvi-sweep-merge --ignore-not-found
apply sweep-job.yaml
wait_job sgdvi-sweep
apply merge-job.yaml
wait_job sgdvi-sweep-merge
"$kubectl" logs job/sgdvi-sweep-merge
echo "run-sweep: results in the sgdvi-runs volume under sweep/merged (results.json, report.html)" >&2
