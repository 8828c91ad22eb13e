#!/usr/bin/python3
"""PyTorch contender of `sgdvi bench gradients` and `sgdvi bench pipeline` (run by TorchContender).

Builds the same network as the sgdvi zoo (float32, inference mode: BatchNorm with running
statistics, dropout off) and measures, with the thread count given:

  gradients: exact per-example gradients of M examples by functorch.vmap(functorch.grad(loss))
             (chunks of --chunk examples), a batch-of-one loop (torch.autograd on min(M, 64)
             examples), and one batched forward+backward over the M examples in training mode (the
             floor, it yields only the summed gradient); medians of alternating repetitions after a
             warm-up, in ms per example. Inputs are seeded uniform [0, 1) images, labels seeded.
  pipeline:  per-example gradients of every row of --inputs (float32 .npy, [N, C*H*W]) by vmap(grad)
             in chunks, D = (1/N) sum_k g_k g_k^T - gbar gbar^T accumulated by torch.addmm in float32
             (the gradient pass and D in one loop, as the authors' recipe), then all eigenvalues of D
             by torch.linalg.eigvalsh (LAPACK syevd) in float32. Prints the stage times and lambda_max,
             tr D / d and the rank by numpy's rule as a sanity record (the weights are PyTorch's own
             seeded initialization, not sgdvi's, so they are not compared).

Prints one JSON object on stdout. Exit status 2 on bad usage. Needs torch with functorch and numpy.
"""

import argparse
import json
import sys
import time

import numpy as np

BN_EPS = 1e-5

# (kind, args...) per layer; conv: (out channels, kernel, stride, padding); dense: out features
MODELS = {
    "small-lenet": ((1, 28, 28), [("conv", 8, 5, 1, 0), ("bn",), ("relu",), ("maxpool", 3, 3),
                                  ("conv", 16, 5, 1, 0), ("bn",), ("relu",), ("maxpool", 2, 2),
                                  ("flatten",), ("dense", 128), ("bn",), ("relu",), ("dense", None)]),
    "small-allcnn": ((3, 32, 32), [op for (c, k, s, p) in [(12, 3, 1, 1), (12, 3, 1, 1), (12, 3, 2, 1),
                                                           (24, 3, 1, 1), (24, 3, 1, 1), (24, 3, 2, 1),
                                                           (24, 3, 1, 1), (24, 3, 1, 1), (None, 1, 1, 0)]
                                   for op in (("conv", c, k, s, p), ("bn",), ("relu",))] + [("gap",)]),
    "small-fc": ((49,), [("dense", 64), ("bn",), ("relu",), ("dense", None)]),
    "tiny-fc": ((49,), [("dense", 16), ("bn",), ("relu",), ("dense", None)]),
}


def build(model, classes, torch):
    """(params, forward): forward(params, x) is the inference-mode logits of a batch x [b, C*H*W]."""
    import torch.nn.functional as F

    shape, ops = MODELS[model]
    params, consts, plan = {}, {}, []
    size = list(shape)  # [C, H, W] or [features]
    for i, op in enumerate(ops):
        kind = op[0]
        name = f"l{i}"
        if kind == "conv":
            out, k, stride, pad = op[1] or classes, op[2], op[3], op[4]
            conv = torch.nn.Conv2d(size[0], out, k, stride=stride, padding=pad)
            params[name + ".W"], params[name + ".b"] = conv.weight.detach(), conv.bias.detach()
            size = [out] + [(h + 2 * pad - k) // stride + 1 for h in size[1:]]
        elif kind == "maxpool":
            size = [size[0]] + [(h - op[1]) // op[2] + 1 for h in size[1:]]
        elif kind == "flatten":
            size = [int(np.prod(size))]
        elif kind == "gap":
            size = [size[0]]
        elif kind == "dense":
            out = op[1] or classes
            params[name + ".W"] = torch.randn(size[0], out) / size[0] ** 0.5
            params[name + ".b"] = torch.zeros(out)
            size = [out]
        elif kind == "bn":
            params[name + ".gamma"] = torch.ones(size[0])
            params[name + ".beta"] = torch.zeros(size[0])
            consts[name + ".mean"] = 0.1 * torch.randn(size[0])
            consts[name + ".std"] = torch.sqrt(1.0 + 0.1 * torch.rand(size[0]) + BN_EPS)
        plan.append((kind, name, op))

    def forward(p, x):
        a = x.reshape((x.shape[0],) + shape)
        for kind, name, op in plan:
            if kind == "conv":
                a = F.conv2d(a, p[name + ".W"], p[name + ".b"], stride=op[3], padding=op[4])
            elif kind == "dense":
                a = a @ p[name + ".W"] + p[name + ".b"]
            elif kind == "bn":
                view = (1, -1) + (1,) * (a.dim() - 2)
                a = (a - consts[name + ".mean"].reshape(view)) / consts[name + ".std"].reshape(view) \
                    * p[name + ".gamma"].reshape(view) + p[name + ".beta"].reshape(view)
            elif kind == "relu":
                a = torch.relu(a)
            elif kind == "maxpool":
                a = F.max_pool2d(a, kernel_size=op[1], stride=op[2])
            elif kind == "flatten":
                a = a.reshape(a.shape[0], -1)
            elif kind == "gap":
                a = a.mean(dim=(2, 3))
        return a

    return params, forward


def per_example_gradients(params, forward, torch, functorch):
    import torch.nn.functional as F
    keys = list(params)

    def loss(p, x, y):
        return F.cross_entropy(forward(p, x.unsqueeze(0)), y.unsqueeze(0))

    vg = functorch.vmap(functorch.grad(loss), in_dims=(None, 0, 0))

    def rows(x, y):
        g = vg(params, x, y)
        return torch.cat([g[k].reshape(x.shape[0], -1) for k in keys], dim=1)
    return rows, loss, keys


def millis(f):
    t0 = time.perf_counter()
    f()
    return (time.perf_counter() - t0) * 1e3


def gradients(args, torch, functorch):
    import torch.nn.functional as F
    torch.manual_seed(args.seed)
    shape = MODELS[args.model][0]
    params, forward = build(args.model, args.classes, torch)
    d = sum(v.numel() for v in params.values())
    m = args.examples
    x = torch.rand((m, int(np.prod(shape))))
    y = torch.randint(0, args.classes, (m,))
    rows, loss, keys = per_example_gradients(params, forward, torch, functorch)
    naive_m = min(m, 64)
    trainable = {k: v.clone().requires_grad_(True) for k, v in params.items()}
    out = torch.empty((m, d))

    def vmap_all():
        for s in range(0, m, args.chunk):
            e = min(m, s + args.chunk)
            out[s:e] = rows(x[s:e], y[s:e])

    def batch_of_one():
        for k in range(naive_m):
            g = torch.autograd.grad(loss(trainable, x[k], y[k]), [trainable[n] for n in keys])
            torch.cat([t.reshape(-1) for t in g])

    def batched():
        g = torch.autograd.grad(F.cross_entropy(forward(trainable, x), y, reduction="sum"),
                                [trainable[n] for n in keys])
        return g

    contenders = [("vmap", vmap_all, m), ("batchOfOne", batch_of_one, naive_m), ("batched", batched, m)]
    for _ in range(args.warmup):
        for _, f, _ in contenders:
            f()
    times = {name: [] for name, _, _ in contenders}
    for _ in range(args.reps):
        for name, f, count in contenders:
            times[name].append(millis(f) / count)
    return {
        "model": args.model, "dataType": "FLOAT", "trainableWeights": d, "examples": m, "naiveExamples": naive_m,
        "repetitions": args.reps, "chunk": args.chunk,
        "msPerExampleVmap": float(np.median(times["vmap"])), "msPerExampleVmapMin": min(times["vmap"]),
        "msPerExampleBatchOfOne": float(np.median(times["batchOfOne"])),
        "msPerExampleBatchOfOneMin": min(times["batchOfOne"]),
        "msPerExampleBatched": float(np.median(times["batched"])), "msPerExampleBatchedMin": min(times["batched"]),
    }


def pipeline(args, torch, functorch):
    torch.manual_seed(args.seed)
    inputs = np.load(args.inputs).astype(np.float32, copy=False)
    labels = np.load(args.labels).astype(np.int64).reshape(-1)
    n = inputs.shape[0]
    if labels.shape[0] != n:
        raise SystemExit(f"{args.labels}: {labels.shape[0]} labels for {n} inputs")
    params, forward = build(args.model, args.classes, torch)
    d = sum(v.numel() for v in params.values())
    rows, _, _ = per_example_gradients(params, forward, torch, functorch)
    x_all = torch.from_numpy(inputs)
    y_all = torch.from_numpy(labels)
    t0 = time.perf_counter()
    grad_seconds = 0.0
    second = torch.zeros((d, d))
    total = torch.zeros(d)
    for s in range(0, n, args.chunk):
        e = min(n, s + args.chunk)
        tg = time.perf_counter()
        g = rows(x_all[s:e], y_all[s:e])
        grad_seconds += time.perf_counter() - tg
        second.addmm_(g.t(), g)
        total += g.sum(0)
    mean = total / n
    second.mul_(1.0 / n).sub_(torch.outer(mean, mean))
    d_seconds = time.perf_counter() - t0
    te = time.perf_counter()
    eig = torch.linalg.eigvalsh(second, UPLO="L").double().numpy()[::-1] if args.eigen else None
    eig_seconds = time.perf_counter() - te
    out = {"model": args.model, "d": d, "n": n, "dataType": "FLOAT", "chunk": args.chunk,
           "gradientsSeconds": grad_seconds, "gradientsMsPerExample": 1e3 * grad_seconds / n,
           "gradientsAndDSeconds": d_seconds, "traceOverD": float(torch.trace(second.double())) / d}
    if eig is not None:
        threshold = eig[0] * d * np.finfo(np.float32).eps
        out.update({"solver": "torch.linalg.eigvalsh (float32)", "solverSeconds": eig_seconds,
                    "lambdaMax": float(eig[0]), "rank": int(np.sum(np.abs(eig) > threshold))})
    out["totalSeconds"] = time.perf_counter() - t0
    return out


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("what", choices=["gradients", "pipeline"])
    parser.add_argument("--model", default="small-lenet", choices=sorted(MODELS))
    parser.add_argument("--classes", type=int, default=10)
    parser.add_argument("--threads", type=int, required=True)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--examples", type=int, default=512)
    parser.add_argument("--chunk", type=int, default=256)
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--reps", type=int, default=5)
    parser.add_argument("--inputs")
    parser.add_argument("--labels")
    parser.add_argument("--no-eigen", dest="eigen", action="store_false")
    args = parser.parse_args(argv)
    if args.what == "pipeline" and (args.inputs is None or args.labels is None):
        parser.error("pipeline needs --inputs and --labels")
    if args.examples < 1 or args.chunk < 1 or args.reps < 1 or args.threads < 1:
        parser.error("--examples, --chunk, --reps and --threads must be at least 1")
    import torch
    import functorch
    torch.set_num_threads(args.threads)
    result = gradients(args, torch, functorch) if args.what == "gradients" else pipeline(args, torch, functorch)
    result.update({"torchVersion": torch.__version__, "threads": torch.get_num_threads(),
                   "blas": "see torch.__config__.show()"})
    json.dump(result, sys.stdout)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1:])
