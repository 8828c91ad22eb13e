#!/usr/bin/python3
"""Validates the container manifests: YAML syntax of docker/compose.yaml and docker/k8s/*.yaml
and the properties the docs promise (GPU reservation, CPU variant, read-only data, non-root,
one sweep shard per pod of an Indexed Job, N consistent). Needs python3-yaml.
    docker/validate-manifests.py     prints one line per check; exit 1 if any fails
"""
import glob
import os
import re
import sys

import yaml

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
failures = []


def check(ok, what):
    print(f"{'ok' if ok else 'not ok'} - {what}")
    if not ok:
        failures.append(what)


def load_all(path):
    with open(path, encoding="utf-8") as f:
        return [d for d in yaml.safe_load_all(f) if d is not None]


# compose
compose = load_all(os.path.join(root, "docker", "compose.yaml"))[0]
services = compose.get("services", {})
gpu, cpu = services.get("gpu", {}), services.get("cpu", {})
devices = (((gpu.get("deploy") or {}).get("resources") or {}).get("reservations") or {}).get("devices") or []
check(any(d.get("driver") == "nvidia" and "gpu" in d.get("capabilities", []) for d in devices),
      "compose: service gpu reserves NVIDIA devices with capability gpu")
env = cpu.get("environment") or {}
check(str(env.get("BACKEND_PRIORITY_GPU")) == "0" and str(env.get("BACKEND_PRIORITY_CPU")) == "100",
      "compose: service cpu sets BACKEND_PRIORITY_GPU=0, BACKEND_PRIORITY_CPU=100")
check("deploy" not in cpu, "compose: service cpu reserves no GPU")
check(gpu.get("image") == cpu.get("image"), "compose: gpu and cpu use the same image")
for name in ("gpu", "cpu"):
    vols = services.get(name, {}).get("volumes", [])
    check(any(str(v).endswith(":/data:ro") for v in vols), f"compose: {name} mounts /data read-only")
    check(any(str(v).endswith(":/runs") for v in vols), f"compose: {name} mounts /runs")
cuda13 = services.get("gpu-cuda13", {})
c13_devices = (((cuda13.get("deploy") or {}).get("resources") or {}).get("reservations") or {}).get("devices") or []
check(any(d.get("driver") == "nvidia" and "gpu" in d.get("capabilities", []) for d in c13_devices),
      "compose: service gpu-cuda13 reserves NVIDIA devices with capability gpu")
check((cuda13.get("build") or {}).get("args", {}).get("SGDVI_GPU") == "cuda13" and cuda13.get("image") != gpu.get("image"),
      "compose: service gpu-cuda13 builds the CUDA 13 image (SGDVI_GPU=cuda13) under its own tag")
check("--device" in cuda13.get("command", []), "compose: service gpu-cuda13 passes --device")
with open(os.path.join(root, "Dockerfile"), encoding="utf-8") as f:
    dockerfile = f.read()
check("ARG SGDVI_GPU" in dockerfile and '"--${SGDVI_GPU}"' in dockerfile,
      "Dockerfile: build argument SGDVI_GPU selects the CUDA 11.6 or the CUDA 13 build")
check(compose.get("x-sgdvi", {}).get("build", {}).get("dockerfile") == "Dockerfile"
      and os.path.isfile(os.path.join(root, "Dockerfile")), "compose: builds the repository's Dockerfile")

# kubernetes
jobs = {}
for path in sorted(glob.glob(os.path.join(root, "docker", "k8s", "*.yaml"))):
    for doc in load_all(path):
        check(isinstance(doc, dict) and {"apiVersion", "kind", "metadata"} <= set(doc),
              f"k8s: {os.path.basename(path)} {doc.get('kind')}/{doc.get('metadata', {}).get('name')} has apiVersion, kind, metadata")
        if doc.get("kind") == "Job":
            jobs[doc["metadata"]["name"]] = doc
for name, job in jobs.items():
    pod = job["spec"]["template"]["spec"]
    sc = pod.get("securityContext", {})
    check(sc.get("runAsNonRoot") is True and sc.get("runAsUser", 0) != 0, f"k8s: {name} runs as non-root")
    check(pod.get("restartPolicy") in ("Never", "OnFailure"), f"k8s: {name} has a Job restartPolicy")
    claims = {v["name"]: v for v in pod.get("volumes", [])}
    for c in pod["containers"]:
        for m in c.get("volumeMounts", []):
            if m["mountPath"] == "/data" and name != "sgdvi-fetch-data":
                check(m.get("readOnly") is True, f"k8s: {name} mounts /data read-only")
            check(m["name"] in claims, f"k8s: {name} mount {m['name']} has a volume")
sweep = jobs.get("sgdvi-sweep")
check(sweep is not None, "k8s: sweep-job.yaml defines Job sgdvi-sweep")
if sweep:
    spec = sweep["spec"]
    check(spec.get("completionMode") == "Indexed", "k8s: sgdvi-sweep is an Indexed Job")
    args = spec["template"]["spec"]["containers"][0]["args"]
    shard = args[args.index("--shard") + 1] if "--shard" in args else ""
    m = re.fullmatch(r"\$\(JOB_COMPLETION_INDEX\)/(\d+)", shard)
    check(m is not None, "k8s: sgdvi-sweep passes --shard $(JOB_COMPLETION_INDEX)/N")
    if m:
        n = int(m.group(1))
        check(spec.get("completions") == n and 1 <= spec.get("parallelism", 1) <= n,
              f"k8s: completions = N = {n} and parallelism <= N")
    out = args[args.index("--out") + 1] if "--out" in args else ""
    check("$(JOB_COMPLETION_INDEX)" in out, "k8s: each shard writes its own folder")
    check(args[0] == "sweep", "k8s: sgdvi-sweep runs `sgdvi sweep`")
    limits = spec["template"]["spec"]["containers"][0].get("resources", {}).get("limits", {})
    check("nvidia.com/gpu" in limits, "k8s: sgdvi-sweep requests a GPU")
c13 = jobs.get("sgdvi-spectrum-cuda13")
check(c13 is not None, "k8s: spectrum-cuda13-job.yaml defines Job sgdvi-spectrum-cuda13")
if c13:
    container = c13["spec"]["template"]["spec"]["containers"][0]
    check(container.get("image", "").endswith(":cuda13"), "k8s: sgdvi-spectrum-cuda13 uses the CUDA 13 image")
    check("nvidia.com/gpu" in container.get("resources", {}).get("limits", {}), "k8s: sgdvi-spectrum-cuda13 requests a GPU")
    args = container.get("args", [])
    check("--device" in args and args[args.index("--device") + 1] == "cuda", "k8s: sgdvi-spectrum-cuda13 passes --device cuda")
merge = jobs.get("sgdvi-sweep-merge")
check(merge is not None and "sweep-merge" in " ".join(merge["spec"]["template"]["spec"]["containers"][0].get("args", [])),
      "k8s: merge-job.yaml runs `sgdvi sweep-merge`")

print(f"manifests: {len(failures)} failed" if failures else "manifests: all checks passed")
sys.exit(1 if failures else 0)
