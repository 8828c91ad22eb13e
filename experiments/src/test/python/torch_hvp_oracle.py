#!/usr/bin/env python3
"""PyTorch as an independent oracle of sgdvi's exact Hessian-vector products.

Reads a folder written by `sgdvi curvature --export` (what `sgdvi gradients` writes, plus hvp-directions.npy V
and hvp-products.npy H V, float64 [d, b]), rebuilds the network in float64 with torch_oracle.py's rebuild of the
zoo (DL4J's conventions, inference mode: BatchNorm with its running statistics, dropout off), and computes
H v = torch.autograd.functional.hvp of the mean softmax cross-entropy over the exported examples for every column
v of V. Each column agrees when ||Hv_sgdvi - Hv_torch|| <= rtol ||Hv_torch|| (default 1e-5: sgdvi's products of a
float32 network carry float32 rounding, about sqrt(d) eps32 relative, times the conditioning of the sums).

Exit status 0 when every column agrees, 1 when one does not, 2 on unreadable input. Needs torch and numpy only.
"""
import argparse
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import torch_oracle  # noqa: E402  (the shared rebuild of the zoo)


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("export", help="a folder written by `sgdvi curvature --export`")
    ap.add_argument("--rtol", type=float, default=1e-5, help="relative tolerance per column (default: %(default)s)")
    ap.add_argument("--threads", type=int, default=2, help="torch intra-op threads (default: 2)")
    args = ap.parse_args(argv)
    loaded = torch_oracle.import_torch("torch_hvp_oracle", args.threads)
    if loaded is None:
        return 2
    torch, functorch = loaded
    try:
        export = torch_oracle.Export(args.export)
        v = torch_oracle.load_npy(os.path.join(args.export, "hvp-directions.npy")).astype(np.float64)
        hv = torch_oracle.load_npy(os.path.join(args.export, "hvp-products.npy")).astype(np.float64)
    except torch_oracle.BadInput as e:
        print(f"torch_hvp_oracle: {e}", file=sys.stderr)
        return 2
    if v.shape != hv.shape or v.shape[0] != export.d:
        print(f"torch_hvp_oracle: directions {v.shape} and products {hv.shape}; expected [{export.d}, b]", file=sys.stderr)
        return 2
    params, forward = torch_oracle.build(export, torch)
    keys = [f"{e['layerName']}.{e['param']}" for e in export.layout]
    shapes = [params[k].shape for k in keys]
    x = torch.tensor(export.inputs.astype(np.float64))
    y = torch.tensor(export.labels)
    batched = functorch.vmap(forward, in_dims=(None, 0))

    def mean_loss(*flat):
        p = dict(zip(keys, flat))
        return torch.nn.functional.cross_entropy(batched(p, x), y)

    def split(column):
        out, offset = [], 0
        for e, shape in zip(export.layout, shapes):
            out.append(torch.tensor(column[offset:offset + e["length"]].reshape(shape)))
            offset += e["length"]
        return tuple(out)

    ok = True
    primal = tuple(params[k] for k in keys)
    print(f"torch {torch.__version__}: {export.model}, d = {export.d}, N = {x.shape[0]}, {v.shape[1]} directions")
    for j in range(v.shape[1]):
        _, h = torch.autograd.functional.hvp(mean_loss, primal, split(v[:, j]))
        ht = np.concatenate([t.detach().numpy().reshape(-1) for t in h])
        rel = np.linalg.norm(hv[:, j] - ht) / max(np.linalg.norm(ht), 1e-300)
        good = rel <= args.rtol
        ok &= good
        print(f"direction {j}: ||Hv|| = {np.linalg.norm(ht):.6g}, relative difference {rel:.3e} "
              f"({'AGREE' if good else 'DISAGREE'}, tolerance {args.rtol:g})")
    print("ALL AGREE" if ok else "DISAGREEMENT")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
