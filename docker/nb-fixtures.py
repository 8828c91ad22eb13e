#!/usr/bin/python3
"""Small seeded inputs for docker/ci-notebooks.sh, made with numpy (no toolkit output is faked:
each is an INPUT that a toolkit command then reads, or a clearly named stand-in folder).

    nb-fixtures.py store DIR          a trajectory store (format version 1 of
                                      core/.../trajectory/package-info.java): 2 sealed chunks of 100
                                      snapshots + a part file of 50, d = 30, columns epoch, gradNorm,
                                      trainLoss; an Ornstein-Uhlenbeck walk with a slow rotation
    nb-fixtures.py grads FILE         a 256 x 120 float32 per-example gradient matrix of rank ~40
                                      (input of `sgdvi spectrum --from-gradients`)
    nb-fixtures.py spectrum-standin DIR
                                      eigenvalues-20/40/100.npy of numpy D matrices, for the plotting
                                      code while `sgdvi spectrum` does not exist (no results.json)
"""
import json
import os
import sys

import numpy as np


def store(folder):
    rng = np.random.default_rng(7)
    T, d, K = 250, 30, 100
    os.makedirs(folder, exist_ok=True)
    x = np.zeros((T, d))
    theta = 2 * np.pi / 40
    rot = np.array([[np.cos(theta), -np.sin(theta)], [np.sin(theta), np.cos(theta)]])
    for t in range(1, T):
        prev = x[t - 1].reshape(-1, 2) @ rot.T
        x[t] = 0.97 * prev.ravel() + rng.normal(0, 0.05, d)
    x = x.astype("<f4")
    epochs = np.arange(T, dtype="<f8")
    grad = (0.5 + np.exp(-epochs / 60) + 0.02 * rng.standard_normal(T)).astype("<f8")
    loss = (0.2 + 0.3 * np.exp(-epochs / 80)).astype("<f8")
    scalars = np.stack([epochs, grad, loss], axis=1).astype("<f8")
    meta = {"format": "sgdvi-trajectory-store", "version": 1, "dimension": d, "chunkSize": K,
            "weightsDtype": "<f4", "scalarsDtype": "<f8", "scalarColumns": ["epoch", "gradNorm", "trainLoss"]}
    with open(os.path.join(folder, "store.json"), "w") as f:
        json.dump(meta, f)
    sealed = T // K
    for j in range(sealed):
        np.save(os.path.join(folder, f"chunk-{j:06d}.scalars.npy"), scalars[j * K:(j + 1) * K])
        np.save(os.path.join(folder, f"chunk-{j:06d}.npy"), x[j * K:(j + 1) * K])
    rec = np.dtype([("w", "<f4", (d,)), ("s", "<f8", (3,))])
    part = np.zeros(T - sealed * K, dtype=rec)
    part["w"], part["s"] = x[sealed * K:], scalars[sealed * K:]
    part.tofile(os.path.join(folder, f"chunk-{sealed:06d}.part"))
    open(os.path.join(folder, "store.lock"), "w").close()


def grads(path):
    rng = np.random.default_rng(11)
    basis = rng.normal(size=(40, 120)) * np.logspace(0, -2, 40)[:, None]
    g = (rng.normal(size=(256, 40)) @ basis * 1e-2).astype(np.float32)
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    np.save(path, g)


def spectrum_standin(folder):
    rng = np.random.default_rng(3)
    os.makedirs(folder, exist_ok=True)
    d = 200
    for pct, scale in ((20, 1.4), (40, 1.15), (100, 1.0)):
        g = rng.normal(size=(150, d)) * np.logspace(-1, -4, d) * scale
        g -= g.mean(axis=0)
        np.save(os.path.join(folder, f"eigenvalues-{pct}.npy"), np.linalg.eigvalsh(g.T @ g / 150).astype(np.float32))
    with open(os.path.join(folder, "README.txt"), "w") as f:
        f.write("Stand-in made by docker/nb-fixtures.py (numpy), not a toolkit run: it only exercises the "
                "notebook's plotting code until `sgdvi spectrum` exists.\n")


if __name__ == "__main__":
    if len(sys.argv) != 3 or sys.argv[1] not in ("store", "grads", "spectrum-standin"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    {"store": store, "grads": grads, "spectrum-standin": spectrum_standin}[sys.argv[1]](sys.argv[2])
