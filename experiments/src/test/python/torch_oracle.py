#!/usr/bin/python3
"""PyTorch as an independent oracle for `sgdvi gradients` exports.

Rebuilds a zoo network (small-lenet, small-fc, tiny-fc, small-allcnn, lenet) in float64 from an
export folder (weights/, layout.json, inputs.npy, labels.npy, config.json; inputs and labels are
always read from the export, whatever subset of the data it holds) following DL4J's inference
semantics, and checks:

1. probabilities (when --probs or <export>/probs.npy gives DL4J's own `net.output` in inference
   mode on inputs.npy): max |p_torch - p_dl4j| <= --prob-atol;
2. per-example gradients g_k = grad_w f_k(w), f_k = -log softmax(z(x_k))_{y_k}, the loss of example k
   alone (the g_k whose second moment is D, paper eq. 2), computed by
   functorch.vmap(functorch.grad(f)) and compared with grads.npy row by row:
       max_j |g_torch[k, j] - g_sgdvi[k, j]| <= rtol * max(||g_torch[k]||_inf, floor),
       floor = f * max_k ||g_k||_inf / ||p_k - e_{y_k}||_inf.
   Every row is linear in its output error p_k - e_{y_k}, which float32 computes with an absolute
   error of about eps32 per entry; so a row with p_y ~ 1 is tiny and its relative error grows like
   eps32 / (1 - p_y). The floor is f times the largest row norm per unit output error: rows below it
   ("judged by the floor") are held to rtol * floor. A row over rtol that has ReLU inputs within
   --kink-tol of 0 (relative to its layer's largest |z|; float32 may give them the other sign) is
   held to the closest of the 2^n gradients with either one-sided ReLU derivative at those n units;
   rows with max-pool near-ties are not judged (both counted and printed);
3. a tie-breaker: float64 central differences of f_k at the most different coordinates of the
   worst judged row without ReLU inputs near 0, next to both gradients;
4. (--spectrum RUN_DIR, repeatable) the statistics in results.json of `sgdvi spectrum
   --from-gradients <first export>/grads.npy --out RUN_DIR` against numpy's float64 eigenvalues of
   D = (1/K) sum_k (g_k - gbar)(g_k - gbar)^T (paper eq. 2, sampling with replacement):
   eigvalsh(D) itself when d <= --dense-limit, else eigvalsh of the K x K Gram matrix
   (1/K) Gc Gc^T, whose eigenvalues are D's non-zero ones (the other d - K are zero). lambdaMax,
   mean and std over all d eigenvalues (population std), the threshold lambdaMax * d * eps and every
   eigenvalue must agree to --spectrum-ulps eps of the accumulation type (relative, resp. times
   lambdaMax); the rank (numpy.linalg.matrix_rank's rule, |lambda| > threshold) must equal numpy's
   up to eigenvalues within that band of the threshold.

DL4J conventions used (independently of the toolkit's gradient engine): inputs are flat rows in
(C, H, W) C order; convolution weights [out, in, kH, kW], cross-correlation, bias per output
channel, symmetric zero padding, floor ("Truncate") output sizes; dense weights [in, out],
y = x W + b; BatchNorm in inference y = gamma (a - mean) / sqrt(var + 1e-5) + beta with the running
var stored either as `var` or as `log10stdev` (var = (10^s)^2); max pooling without padding;
flattening a [C, H, W] activation in C order (NCHW); dropout is the identity in inference; the
All-CNN logits are the global average of the last ReLU, with no dense layer.

Exit status: 0 when every check agrees, 1 on a disagreement, 2 on bad input. Needs torch (with
functorch) and numpy only; Debian: apt-get install python3-torch python3-numpy.
"""

import argparse
import json
import math
import os
import sys

import numpy as np

BN_EPS = 1e-5  # DL4J BatchNormalization's default eps

# Each net as a list of operations on ONE example; names are the DL4J layer names of the zoo
# (ModelZoo/LayerStack: conv<n>, bn<n>, fc<n>, out). Kernel sizes and widths come from the weight shapes.
ARCHITECTURES = {
    "small-lenet": [("conv", "conv1", 1, 0), ("bn", "bn1"), ("relu",), ("maxpool", 3, 3),
                    ("conv", "conv2", 1, 0), ("bn", "bn2"), ("relu",), ("maxpool", 2, 2),
                    ("flatten",), ("dense", "fc1"), ("bn", "bn3"), ("relu",), ("dense", "out")],
    "small-fc": [("dense", "fc1"), ("bn", "bn1"), ("relu",), ("dense", "out")],
    "tiny-fc": [("dense", "fc1"), ("bn", "bn1"), ("relu",), ("dense", "out")],
    "small-allcnn": [op for i, (stride, pad) in enumerate([(1, 1), (1, 1), (2, 1), (1, 1), (1, 1), (2, 1),
                                                           (1, 1), (1, 1), (1, 0)], start=1)
                     for op in (("conv", f"conv{i}", stride, pad), ("bn", f"bn{i}"), ("relu",))]
                    + [("gap",)],
    "lenet": [("conv", "conv1", 1, 0), ("relu",), ("maxpool", 2, 2), ("conv", "conv2", 1, 0), ("relu",),
              ("maxpool", 2, 2), ("flatten",), ("dense", "fc1"), ("relu",), ("dense", "out")],
}
INPUT_SHAPES = {"small-lenet": (1, 28, 28), "small-fc": (49,), "tiny-fc": (49,), "small-allcnn": (3, 32, 32),
                "lenet": (1, 28, 28)}


class BadInput(Exception):
    """An export that cannot be read; exit status 2."""


def load_json(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError) as e:
        raise BadInput(f"{path}: unreadable JSON ({e})")


def load_npy(path):
    try:
        return np.load(path)
    except (OSError, ValueError) as e:
        raise BadInput(f"{path}: unreadable .npy file ({e})")


class Export:
    """The arrays of one `sgdvi gradients` folder."""

    def __init__(self, folder, model=None):
        self.folder = folder
        config = load_json(os.path.join(folder, "config.json"))
        self.model = model or config.get("request", {}).get("model")
        if self.model not in ARCHITECTURES:
            raise BadInput(f"{folder}/config.json: field request.model = {self.model!r}, expected one of "
                           f"{sorted(ARCHITECTURES)} (or pass --model)")
        self.layout = load_json(os.path.join(folder, "layout.json"))
        self.grads = load_npy(os.path.join(folder, "grads.npy"))
        self.inputs = load_npy(os.path.join(folder, "inputs.npy"))
        self.labels = load_npy(os.path.join(folder, "labels.npy")).astype(np.int64).reshape(-1)
        k = self.grads.shape[0]
        if self.grads.ndim != 2 or self.inputs.shape[0] != k or self.labels.shape[0] != k:
            raise BadInput(f"{folder}: grads.npy {self.grads.shape}, inputs.npy {self.inputs.shape} and labels.npy "
                           f"{self.labels.shape} do not have the same number K of rows")
        self.d = self.grads.shape[1]
        covered = 0
        for e in self.layout:
            if e["offset"] != covered or e["length"] != int(np.prod(e["shape"])):
                raise BadInput(f"{folder}/layout.json: entry {e['layerName']}.{e['param']} has offset {e['offset']} "
                               f"and length {e['length']}, expected offset {covered} and length prod(shape)")
            covered += e["length"]
        if covered != self.d:
            raise BadInput(f"{folder}/layout.json: parameters cover {covered} columns, grads.npy has d = {self.d}")
        self.layer_index = {}
        for e in self.layout:
            self.layer_index[e["layerName"]] = e["layer"]

    def weight(self, layer_name, param):
        if layer_name not in self.layer_index:
            raise BadInput(f"{self.folder}/layout.json: no layer named {layer_name!r} (model {self.model}); "
                           f"expected the zoo's layer names")
        path = os.path.join(self.folder, "weights", f"{self.layer_index[layer_name]}_{param}.npy")
        if not os.path.isfile(path):
            raise BadInput(f"{path}: missing; expected parameter {param} of layer {layer_name}")
        return load_npy(path).astype(np.float64)

    def running_variance(self, layer_name):
        """BatchNorm's running variance, stored by DL4J as `var` or as log10 of the standard deviation."""
        folder = os.path.join(self.folder, "weights")
        idx = self.layer_index[layer_name]
        if os.path.isfile(os.path.join(folder, f"{idx}_var.npy")):
            return self.weight(layer_name, "var")
        if os.path.isfile(os.path.join(folder, f"{idx}_log10stdev.npy")):
            std = 10.0 ** self.weight(layer_name, "log10stdev")
            return std * std
        raise BadInput(f"{folder}: neither {idx}_var.npy nor {idx}_log10stdev.npy for BatchNorm layer {layer_name}")


def build(export, torch):
    """(params, forward): params maps 'layer.param' to float64 tensors; forward(params, x, masks=None,
    trace=None) returns the logits of ONE example x (a flat row). trace, a list, receives every ReLU input
    and every max-pool input; masks maps a ReLU's number to (flat indices, forced 0/1 derivative) and
    replaces relu(z) by z * mask there, i.e. picks the other one-sided derivative at a kink."""
    import torch.nn.functional as F

    params = {}
    for e in export.layout:
        params[f"{e['layerName']}.{e['param']}"] = torch.tensor(export.weight(e["layerName"], e["param"]))
    consts = {}
    for op in ARCHITECTURES[export.model]:
        if op[0] == "bn":
            name = op[1]
            consts[name + ".mean"] = torch.tensor(export.weight(name, "mean").reshape(-1))
            consts[name + ".std"] = torch.tensor(np.sqrt(export.running_variance(name).reshape(-1) + BN_EPS))
    ops = ARCHITECTURES[export.model]
    shape = INPUT_SHAPES[export.model]
    if export.inputs.shape[1] != int(np.prod(shape)):
        raise BadInput(f"{export.folder}/inputs.npy: {export.inputs.shape[1]} values per example, model "
                       f"{export.model} takes {int(np.prod(shape))} ({'x'.join(map(str, shape))})")

    def forward(p, x, masks=None, trace=None):
        a = x.reshape(shape)
        relu = 0
        for op in ops:
            kind = op[0]
            if kind == "conv":
                name, stride, pad = op[1], op[2], op[3]
                a = F.conv2d(a.unsqueeze(0), p[name + ".W"], p[name + ".b"].reshape(-1), stride=stride,
                             padding=pad).squeeze(0)
            elif kind == "dense":
                name = op[1]
                a = a @ p[name + ".W"] + p[name + ".b"].reshape(-1)
            elif kind == "bn":
                name = op[1]
                gamma = p[name + ".gamma"].reshape(-1)
                beta = p[name + ".beta"].reshape(-1)
                view = (-1,) + (1,) * (a.dim() - 1)  # per channel of [C, H, W], per feature of [C]
                a = (a - consts[name + ".mean"].reshape(view)) / consts[name + ".std"].reshape(view) \
                    * gamma.reshape(view) + beta.reshape(view)
            elif kind == "relu":
                if trace is not None:
                    trace.append(("relu", relu, a.detach().clone()))
                if masks and relu in masks:
                    idx, forced = masks[relu]
                    mask = (a > 0).to(a.dtype).reshape(-1).clone()
                    mask[idx] = forced
                    a = a * mask.reshape(a.shape)
                else:
                    a = torch.relu(a)
                relu += 1
            elif kind == "maxpool":
                if trace is not None:
                    trace.append(("maxpool", op[1:], a.detach().clone()))
                a = F.max_pool2d(a.unsqueeze(0), kernel_size=op[1], stride=op[2]).squeeze(0)
            elif kind == "flatten":
                a = a.reshape(-1)  # [C, H, W] in C order, as DL4J's CnnToFeedForwardPreProcessor (NCHW)
            elif kind == "gap":
                a = a.mean(dim=(1, 2))
            else:
                raise AssertionError(kind)
        return a

    return params, forward


def per_example_loss(forward, torch):
    import torch.nn.functional as F

    def loss(p, x, y, masks=None):
        # softmax cross-entropy of a batch of one: -log softmax(z)_y
        return F.cross_entropy(forward(p, x, masks).unsqueeze(0), y.unsqueeze(0))
    return loss


def torch_gradients(export, params, forward, torch, functorch, chunk):
    loss = per_example_loss(forward, torch)
    per_example = functorch.vmap(functorch.grad(loss), in_dims=(None, 0, 0))
    x_all = torch.tensor(export.inputs.astype(np.float64))
    y_all = torch.tensor(export.labels)
    k = export.grads.shape[0]
    out = np.empty((k, export.d), dtype=np.float64)
    for start in range(0, k, chunk):
        stop = min(k, start + chunk)
        g = per_example(params, x_all[start:stop], y_all[start:stop])
        out[start:stop] = flatten_gradient(export, g, stop - start)
    with torch.no_grad():
        logits = functorch.vmap(forward, in_dims=(None, 0))(params, x_all)
        probs = torch.softmax(logits, dim=1).numpy()
    return out, probs


def flatten_gradient(export, g, rows):
    """A dict of parameter gradients as rows in layout order (each parameter flattened in C order)."""
    out = np.empty((rows, export.d), dtype=np.float64)
    for e in export.layout:
        key = f"{e['layerName']}.{e['param']}"
        out[:, e["offset"]:e["offset"] + e["length"]] = g[key].reshape(rows, -1).detach().numpy()
    return out


def kinks(export, params, forward, torch, row, tol):
    """The ReLU inputs of example `row` within tol * (that layer's max |z|) of 0, as {relu: flat indices},
    and the number of max-pool windows whose two largest (positive) inputs are that close."""
    trace = []
    with torch.no_grad():
        forward(params, torch.tensor(export.inputs[row].astype(np.float64)), trace=trace)
    near = {}
    pool_ties = 0
    for kind, key, z in trace:
        scale = float(z.abs().max())
        if kind == "relu":
            idx = torch.nonzero(z.reshape(-1).abs() <= tol * scale).reshape(-1)
            if idx.numel():
                near[key] = idx
        else:
            kernel, stride = key
            windows = z.unfold(1, kernel, stride).unfold(2, kernel, stride).reshape(z.shape[0], -1, kernel * kernel)
            top2 = windows.reshape(-1, kernel * kernel).topk(2, dim=1).values
            pool_ties += int(((top2[:, 0] - top2[:, 1] <= tol * scale) & (top2[:, 0] > tol * scale)).sum())
    return near, pool_ties


def kink_alternatives(export, params, forward, torch, functorch, row, near, limit):
    """float64 gradients of example `row` for every choice of one-sided ReLU derivative (0 or 1) at the
    units in `near`; None when there are more than `limit` such units."""
    units = [(relu, int(i)) for relu, idx in sorted(near.items()) for i in idx]
    if len(units) > limit:
        return None
    loss = per_example_loss(forward, torch)
    x = torch.tensor(export.inputs[row].astype(np.float64))
    y = torch.tensor(int(export.labels[row]))
    out = []
    for choice in range(2 ** len(units)):
        masks = {}
        for bit, (relu, i) in enumerate(units):
            idx, val = masks.setdefault(relu, ([], []))
            idx.append(i)
            val.append(float((choice >> bit) & 1))
        masks = {r: (torch.tensor(i), torch.tensor(v)) for r, (i, v) in masks.items()}
        g = functorch.grad(loss)(params, x, y, masks)
        out.append(flatten_gradient(export, {k: v.unsqueeze(0) for k, v in g.items()}, 1)[0])
    return out


def locate(export, column):
    for e in export.layout:
        if e["offset"] <= column < e["offset"] + e["length"]:
            return e, column - e["offset"]
    raise AssertionError(column)


def finite_difference(export, params, forward, torch, row, column, h):
    """Central difference (f(w + h) - f(w - h)) / 2h of example `row`'s loss in float64."""
    loss = per_example_loss(forward, torch)
    e, local = locate(export, column)
    key = f"{e['layerName']}.{e['param']}"
    x = torch.tensor(export.inputs[row].astype(np.float64))
    y = torch.tensor(int(export.labels[row]))
    values = []
    with torch.no_grad():
        for sign in (1.0, -1.0):
            p = dict(params)
            w = params[key].clone().reshape(-1)
            step = h * max(1.0, abs(float(w[local])))
            w[local] += sign * step
            p[key] = w.reshape(params[key].shape)
            values.append(float(loss(p, x, y)))
    return (values[0] - values[1]) / (2 * step)


def check_gradients(export, args, torch, functorch):
    params, forward = build(export, torch)
    g_torch, probs = torch_gradients(export, params, forward, torch, functorch, args.chunk)
    g_sgdvi = export.grads.astype(np.float64)
    ok = True
    k = g_torch.shape[0]
    print(f"model {export.model}: K = {k} examples, d = {export.d} weights ({export.folder})")

    probs_file = args.probs or os.path.join(export.folder, "probs.npy")
    if os.path.isfile(probs_file):
        p_dl4j = load_npy(probs_file).astype(np.float64)
        if p_dl4j.shape != probs.shape:
            raise BadInput(f"{probs_file}: shape {p_dl4j.shape}, expected {probs.shape} (K x classes)")
        perr = float(np.max(np.abs(probs - p_dl4j)))
        verdict = "ok" if perr <= args.prob_atol else "DISAGREE"
        ok &= perr <= args.prob_atol
        print(f"  probabilities vs DL4J output: max |p_torch - p_dl4j| = {perr:.3e} (atol {args.prob_atol:g}) {verdict}")

    # the floor: f times the largest gradient per unit output error, max_k ||g_k||_inf / ||p_k - e_{y_k}||_inf;
    # float32 rounding of p - y (about eps32 per entry) makes errors of that order times eps32 in every row
    p_y = probs[np.arange(k), export.labels]
    delta = probs.copy()
    delta[np.arange(k), export.labels] -= 1.0
    row_norm = np.max(np.abs(g_torch), axis=1)
    unit = row_norm / np.max(np.abs(delta), axis=1)
    floor = args.floor_fraction * float(np.max(unit))
    scale = np.maximum(row_norm, floor)
    diff = np.abs(g_torch - g_sgdvi)
    rel = np.max(diff, axis=1) / scale

    # a row over rtol whose ReLU inputs include some at 0 up to float32 rounding is judged against the
    # gradient with the other one-sided derivative there (either is right); max-pool near-ties are not judged
    over = [r for r in range(k) if rel[r] > args.rtol]
    resolved, unjudged, pool_rows = {}, [], []
    for r in over:
        near, pool_ties = kinks(export, params, forward, torch, r, args.kink_tol)
        if pool_ties:
            pool_rows.append(r)
            unjudged.append(r)
            continue
        if not near:
            continue
        alternatives = kink_alternatives(export, params, forward, torch, functorch, r, near, args.kink_limit)
        if alternatives is None:
            unjudged.append(r)
            continue
        best = min(range(len(alternatives)), key=lambda i: np.max(np.abs(alternatives[i] - g_sgdvi[r])))
        resolved[r] = (rel[r], sum(len(v) for v in near.values()))
        rel[r] = np.max(np.abs(alternatives[best] - g_sgdvi[r])) / scale[r]
    judged = np.ones(k, dtype=bool)
    judged[unjudged] = False

    floored = row_norm < floor
    worst = int(np.argmax(np.where(judged, rel, -1.0)))
    bad = int(np.sum(judged & (rel > args.rtol)))
    frob = float(np.linalg.norm(g_torch - g_sgdvi) / np.linalg.norm(g_torch))
    unfloored = rel[judged & ~floored]
    print(f"  p_y: min {p_y.min():.4f}, median {np.median(p_y):.4f}, max {p_y.max():.7f}; "
          f"max row norm ||g||_inf = {np.max(row_norm):.4e}, floor = {floor:.4e} "
          f"({args.floor_fraction:g} x max_k ||g_k||_inf / ||p_k - e_y||_inf)")
    print(f"  gradients: worst relative error {rel[worst]:.3e} (row {worst}, p_y = {p_y[worst]:.6f}, "
          f"||g||_inf = {row_norm[worst]:.3e}{', judged by the floor' if floored[worst] else ''}); rtol {args.rtol:g}")
    print(f"  rows judged by the floor: {int(np.sum(floored & judged))} of {k}; worst relative error among the others: "
          f"{(unfloored.max() if unfloored.size else float('nan')):.3e}; "
          f"||G_torch - G_sgdvi||_F / ||G_torch||_F = {frob:.3e}")
    print(f"  rows over rtol with the float64 derivatives: {len(over)}; settled by the other one-sided derivative "
          f"at ReLU inputs within {args.kink_tol:g} x their layer's max |z| of 0: {len(resolved)}"
          + "".join(f"; row {r}: {v[0]:.2e} -> {rel[r]:.2e} ({v[1]} units)" for r, v in resolved.items()))
    if unjudged:
        print(f"  rows not judged: {len(unjudged)} of {k} (max-pool near-ties: {len(pool_rows)}, more than "
              f"{args.kink_limit} ReLU inputs near 0: {len(unjudged) - len(pool_rows)}): {unjudged}")
    if bad:
        ok = False
        print(f"  DISAGREE: {bad} of {k} rows exceed rtol")

    # tie-breaker: float64 central differences at the most different coordinates of the worst judged row
    # that has no ReLU input near 0 (a difference step must not cross a kink)
    fd_row = None
    for r in sorted(np.nonzero(judged)[0], key=lambda r: -rel[r]):
        if not kinks(export, params, forward, torch, int(r), args.kink_tol)[0]:
            fd_row = int(r)
            break
    fd_ok = True
    if fd_row is not None:
        for c in np.argsort(-diff[fd_row])[:args.fd]:
            fd = finite_difference(export, params, forward, torch, fd_row, int(c), args.fd_step)
            e, local = locate(export, int(c))
            t_err = abs(fd - g_torch[fd_row, c]) / scale[fd_row]
            s_err = abs(fd - g_sgdvi[fd_row, c]) / scale[fd_row]
            fd_ok &= t_err <= args.rtol
            print(f"  finite difference row {fd_row} {e['layerName']}.{e['param']}[{local}]: fd {fd:+.9e}, "
                  f"torch {g_torch[fd_row, c]:+.9e} (|diff|/scale {t_err:.1e}), sgdvi {g_sgdvi[fd_row, c]:+.9e} "
                  f"(|diff|/scale {s_err:.1e})")
    if not fd_ok:
        ok = False
        print("  DISAGREE: torch's autograd disagrees with its own finite differences (the oracle is suspect)")
    print(f"  {'AGREE' if ok else 'DISAGREE'}: {export.model}")
    return ok


def check_spectrum(export, run_dir, args):
    results = load_json(os.path.join(run_dir, "results.json"))
    for key in ("d", "n", "dtype", "lambdaMax", "epsilon", "threshold", "rank", "mean", "std"):
        if key not in results:
            raise BadInput(f"{run_dir}/results.json: field {key} is missing; expected a `sgdvi spectrum "
                           f"--from-gradients` result")
    g = export.grads.astype(np.float64)
    k, d = g.shape
    gc = g - g.mean(axis=0)
    if d <= args.dense_limit:
        lam = np.linalg.eigvalsh(gc.T @ gc / k)
        how = f"eigvalsh of the {d} x {d} matrix D"
    else:
        lam = np.concatenate([np.linalg.eigvalsh(gc @ gc.T / k), np.zeros(d - k)])
        how = f"eigvalsh of the {k} x {k} Gram matrix (1/K) Gc Gc^T, {d - k} zeros"
    lam = np.sort(lam)[::-1]
    dtype = results["dtype"]
    eps = float(np.finfo(np.float32 if dtype == "float" else np.float64).eps)
    tol = args.spectrum_ulps * eps  # relative to each statistic, and times lambdaMax for single eigenvalues
    lmax = float(np.max(np.abs(lam)))
    threshold = lmax * d * eps
    mean = float(np.sum(lam) / d)
    std = float(np.sqrt(np.sum((lam - mean) ** 2) / d))
    # an eigenvalue within atol of the threshold may fall on either side of it
    atol = tol * lmax
    rank_lo = int(np.sum(np.abs(lam) > threshold + atol))
    rank_hi = int(np.sum(np.abs(lam) > threshold - atol))
    rank_np = int(np.sum(np.abs(lam) > threshold))
    ok = results["d"] == d and results["n"] == k and results["epsilon"] == eps
    print(f"spectrum {run_dir} (dtype {dtype}, d = {d}, n = {k}; numpy: {how}; tolerance {args.spectrum_ulps:g} eps "
          f"= {tol:.2e} relative, {atol:.2e} for single eigenvalues)")
    if not ok:
        print(f"  DISAGREE: results.json has d = {results['d']}, n = {results['n']}, epsilon = {results['epsilon']}; "
              f"expected {d}, {k}, {eps}")
    for name, mine, theirs in (("lambdaMax", lmax, results["lambdaMax"]), ("mean", mean, results["mean"]),
                               ("std", std, results["std"]), ("threshold", threshold, results["threshold"])):
        dev = abs(theirs - mine) / abs(mine) if mine != 0 else abs(theirs)
        ok &= dev <= tol
        print(f"  {name:9s}: sgdvi {theirs:.10e}, numpy {mine:.10e}, relative deviation {dev:.2e}"
              f"{'' if dev <= tol else '  DISAGREE'}")
    rank_ok = rank_lo <= results["rank"] <= rank_hi
    ok &= rank_ok
    print(f"  rank     : sgdvi {results['rank']}, numpy {rank_np} (numpy rule |lambda| > lambdaMax * d * eps, "
          f"eps {eps:.8g}; eigenvalues within {atol:.2e} of the threshold allow {rank_lo}..{rank_hi})"
          f"{'' if rank_ok else '  DISAGREE'}")
    eig_file = os.path.join(run_dir, "eigenvalues.npy")
    if os.path.isfile(eig_file):
        theirs = np.sort(load_npy(eig_file).astype(np.float64).reshape(-1))[::-1]
        m = min(len(theirs), len(lam))
        dev = float(np.max(np.abs(theirs[:m] - lam[:m]))) / lmax
        ok &= dev <= tol
        print(f"  eigenvalues: the {m} largest, max |lambda_sgdvi - lambda_numpy| / lambdaMax = {dev:.2e}"
              f"{'' if dev <= tol else '  DISAGREE'}")
    print(f"  {'AGREE' if ok else 'DISAGREE'}: spectrum statistics")
    return ok


def import_torch(program, threads):
    """torch and functorch set up for the oracles (float64 by default, `threads` intra-op threads), or None after
    saying on stderr, in `program`'s name, why they cannot be imported."""
    try:
        import torch
        import functorch
    except ImportError as e:
        print(f"{program}: cannot import torch/functorch ({e}); install python3-torch", file=sys.stderr)
        return None
    torch.set_num_threads(threads)
    torch.set_default_dtype(torch.float64)
    return torch, functorch


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("exports", nargs="+", help="folders written by `sgdvi gradients`")
    ap.add_argument("--model", help="zoo model (default: request.model of the export's config.json)")
    ap.add_argument("--rtol", type=float, default=1e-4,
                    help="per-row tolerance relative to max(||g_torch[k]||_inf, floor) (default: %(default)s)")
    ap.add_argument("--floor-fraction", type=float, default=1e-2,
                    help="floor = this * max_k ||g_k||_inf / ||p_k - e_{y_k}||_inf (default: %(default)s)")
    ap.add_argument("--kink-tol", type=float, default=1e-5,
                    help="a ReLU input within this * its layer's max |z| of 0 may take either one-sided derivative "
                         "(default: %(default)s)")
    ap.add_argument("--kink-limit", type=int, default=10,
                    help="most such units per row whose 2^n derivative choices are tried (default: %(default)s)")
    ap.add_argument("--probs", help="DL4J output probabilities, K x classes (default: <export>/probs.npy if present)")
    ap.add_argument("--prob-atol", type=float, default=1e-5,
                    help="max |p_torch - p_dl4j| (default: %(default)s, DL4J computes in float32)")
    ap.add_argument("--fd", type=int, default=3, help="finite-difference coordinates of the worst row (default: 3)")
    ap.add_argument("--fd-step", type=float, default=1e-6, help="relative finite-difference step (default: 1e-6)")
    ap.add_argument("--chunk", type=int, default=32, help="examples per vmap call (default: 32)")
    ap.add_argument("--spectrum", action="append", default=[], metavar="RUN_DIR",
                    help="a `sgdvi spectrum --from-gradients <first export>/grads.npy` run folder to check (repeatable)")
    ap.add_argument("--dense-limit", type=int, default=4096,
                    help="largest d for which eigvalsh runs on D itself (default: %(default)s)")
    ap.add_argument("--spectrum-ulps", type=float, default=64,
                    help="tolerance of the spectrum checks in units of the accumulation type's eps: relative for "
                         "lambdaMax, mean, std and the threshold, times lambdaMax for single eigenvalues and the "
                         "rank's threshold band (default: %(default)s)")
    ap.add_argument("--threads", type=int, default=int(os.environ.get("TORCH_ORACLE_THREADS", "2")),
                    help="torch intra-op threads (default: 2)")
    args = ap.parse_args(argv)
    loaded = import_torch("torch_oracle", args.threads)
    if loaded is None:
        return 2
    torch, functorch = loaded
    print(f"torch {torch.__version__}, functorch {getattr(functorch, '__version__', '?')}, numpy {np.__version__}")
    ok = True
    try:
        exports = [Export(folder, args.model) for folder in args.exports]
        for e in exports:
            ok &= check_gradients(e, args, torch, functorch)
        for run_dir in args.spectrum:
            ok &= check_spectrum(exports[0], run_dir, args)
    except BadInput as e:
        print(f"torch_oracle: {e}", file=sys.stderr)
        return 2
    print("ALL AGREE" if ok else "DISAGREEMENT")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
