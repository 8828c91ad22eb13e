"""Reading sgdvi run folders with numpy, for the notebooks in this folder.

A run folder (README.md, "Commands") holds config.json, results.json, metrics.csv and float32 .npy arrays.
Each notebook takes its folder from an environment variable (see README.md here) and skips a
figure with a printed note when a file it needs is absent, so every notebook runs on any subset
of runs. The numpy re-computations below (rank rule, log bins, FFT, auto-correlation) follow
the paper's Figs. 1-3 (arXiv 1710.11029; docs/theory.md), so a notebook can check the toolkit's numbers independently.
"""

import glob
import json
import os
import re

import numpy as np

FLOAT32_EPS = float(np.finfo(np.float32).eps)  # 1.1920929e-07, numpy.linalg.matrix_rank's eps for float32
Z95 = 1.959963984540054
Z99 = 2.5758293035489004


def skip(message):
    """Prints why a figure or table is skipped (the notebook goes on)."""
    print(f"SKIPPED: {message}")


def run_dir(*env_names):
    """The first of the environment variables that is set, as a folder path; None (with a note) if
    none is set or the folder does not exist. SGDVI_RUN is always tried last."""
    names = list(env_names) + (["SGDVI_RUN"] if "SGDVI_RUN" not in env_names else [])
    for name in names:
        value = os.environ.get(name, "").strip()
        if value:
            if os.path.isdir(value):
                print(f"{name} = {value}")
                return value
            skip(f"{name} = {value} is not a folder")
            return None
    skip(f"set {' or '.join(names)} to a run folder")
    return None


def run_dirs(env_name):
    """Folders listed in an environment variable, separated by ':' or ','; missing ones are noted."""
    value = os.environ.get(env_name, "").strip()
    folders = []
    for part in re.split(r"[:,]", value):
        part = part.strip()
        if not part:
            continue
        if os.path.isdir(part):
            folders.append(part)
        else:
            skip(f"{env_name}: {part} is not a folder")
    return folders


def existing(folder, name, quiet=False):
    """The path folder/name when that file exists; None (with a note unless quiet) when it or the folder does not."""
    if folder is None:
        return None
    path = os.path.join(folder, name)
    if not os.path.isfile(path):
        if not quiet:
            skip(f"{path} is absent")
        return None
    return path


def load_json(folder, name="results.json", quiet=False):
    """The parsed JSON file folder/name, or None (with a note unless quiet) if it is absent."""
    path = existing(folder, name, quiet)
    if path is None:
        return None
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def get(obj, dotted, default=None):
    """obj['a']['b'] for dotted = 'a.b'; default when a key is missing."""
    for key in dotted.split("."):
        if isinstance(obj, dict) and key in obj:
            obj = obj[key]
        else:
            return default
    return obj


def has(obj, *dotted):
    """Whether every dotted key is present."""
    return all(get(obj, d) is not None for d in dotted)


# ---------------------------------------------------------------- spectrum (Figs. 1-2)

def eigenvalue_files(folder):
    """{percent: path} for eigenvalues-<pct>.npy (training snapshots), and {'all': path} for a plain
    eigenvalues.npy (spectrum --from-gradients); ordered by percent."""
    found = {}
    for path in glob.glob(os.path.join(folder, "eigenvalues-*.npy")):
        m = re.match(r"eigenvalues-(\d+(?:\.\d+)?)\.npy$", os.path.basename(path))
        if m:
            found[float(m.group(1))] = path
    ordered = {k: found[k] for k in sorted(found)}
    plain = os.path.join(folder, "eigenvalues.npy")
    if os.path.isfile(plain):
        ordered["all"] = plain
    return ordered


def spectrum_statistics(eigenvalues, dimension=None, eps=FLOAT32_EPS):
    """The statistics of the paper's Figs. 1-2 from the eigenvalues alone: rank by numpy's matrix_rank rule
    (|lambda| > max|lambda| * d * eps), rank/d, mean and population std over all d eigenvalues
    (the ones not stored counted as zeros), and the Remark 16 score rank/d + var."""
    lam = np.asarray(eigenvalues, dtype=np.float64).ravel()
    d = int(dimension) if dimension is not None else lam.size
    if d < lam.size:
        raise ValueError(f"dimension {d} is smaller than the {lam.size} eigenvalues given")
    full = np.concatenate([lam, np.zeros(d - lam.size)])
    lam_max = float(np.max(np.abs(full))) if d else 0.0
    threshold = lam_max * d * eps
    rank = int(np.count_nonzero(np.abs(full) > threshold))
    mean = float(full.mean())
    std = float(full.std())
    return {"d": d, "lambdaMax": lam_max, "threshold": threshold, "rank": rank,
            "rankFraction": rank / d if d else float("nan"), "mean": mean, "std": std,
            "score": rank / d + std ** 2 if d else float("nan")}


def log_bins(eigenvalues, bins=50, eps=FLOAT32_EPS, dimension=None):
    """Log-spaced bin edges from the rank threshold to lambda_max, and the eigenvalues clipped
    below at the threshold (as the paper's histograms do)."""
    stats = spectrum_statistics(eigenvalues, dimension, eps)
    lo = max(stats["threshold"], np.finfo(np.float64).tiny)
    hi = max(stats["lambdaMax"], lo * 10)
    edges = np.logspace(np.log10(lo), np.log10(hi), bins + 1)
    edges[0], edges[-1] = lo, hi  # exact ends, so that the clipped values land in the first bin
    clipped = np.clip(np.asarray(eigenvalues, dtype=np.float64).ravel(), lo, hi)
    return edges, clipped


def find_statistics(results):
    """Every dict in results.json that holds 'mean' and 'std' with 'rank' or 'rankFraction', with
    the path of keys leading to it (snapshot entries, or the top level for --from-gradients)."""
    out = []

    def walk(obj, path):
        if isinstance(obj, dict):
            if "mean" in obj and "std" in obj and ("rank" in obj or "rankFraction" in obj):
                out.append((path or "(top level)", obj))
            for k, v in obj.items():
                walk(v, f"{path}.{k}" if path else k)
        elif isinstance(obj, list):
            for i, v in enumerate(obj):
                walk(v, f"{path}[{i}]")

    walk(results, "")
    return out


# ---------------------------------------------------------------- curvature (H beside D)

# results.json arrays of `sgdvi curvature` and the .npy files it writes beside them
CURVATURE_ARRAYS = {
    "hessianTopEigenvalues": "hessian-top.npy",
    "hessianBottomEigenvalues": "hessian-bottom.npy",
    "diffusionTopEigenvalues": "diffusion-top.npy",
    "diffusionAlongHessianEigenvectors": "diffusion-along-hessian.npy",
    "hessianAlongDiffusionEigenvectors": "hessian-along-diffusion.npy",
    "principalAnglesDegrees": "principal-angles.npy",
}


def load_npy(folder, name, quiet=False):
    """The array folder/name as float64, or None (with a note unless quiet) if it is absent."""
    path = existing(folder, name, quiet)
    return None if path is None else np.load(path).astype(np.float64)


def curvature_identities(c):
    """The curvature measures that follow from others, as {name: (reported, recomputed)}: the isotropic
    baseline tr H tr D / d, the alignment ratio tr(HD) / baseline, B_simple = tr D / ||grad f||^2 and
    B_noise = tr(HD) / grad f^T H grad f (arXiv 1710.11029, eq. 2 for D)."""
    iso = c["hessianTrace"] * c["diffusionTrace"] / c["dimension"]
    return {
        "isotropicTraceHD": (c["isotropicTraceHD"], iso),
        "alignmentRatio": (c["alignmentRatio"], c["traceHD"] / iso),
        "noiseScaleSimple": (c["noiseScaleSimple"], c["diffusionTrace"] / c["gradientNormSquared"]),
        "noiseScaleBNoise": (c["noiseScaleBNoise"], c["traceHD"] / c["gradientCurvature"]),
    }


def relative_error(a, b):
    """max |a - b| / max(|b|, tiny) over the entries."""
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    return float(np.max(np.abs(a - b) / np.maximum(np.abs(b), np.finfo(np.float64).tiny))) if b.size else 0.0


def curvature_snapshots(results):
    """[(percent, snapshot, curvature)] of a `spectrum --curvature` results.json, in order of training
    (empty when its snapshots hold no "curvature")."""
    snaps = (results or {}).get("snapshots") or []
    return [(float(x["percent"]), x, x["curvature"]) for x in snaps if isinstance(x.get("curvature"), dict)]


# ---------------------------------------------------------------- trajectories (Fig. 3)

def read_trajectory_store(folder):
    """A trajectory store folder (core/.../trajectory/package-info.java, format version 1) as
    (X [T, d] float32, S [T, c] float64, scalar column names). Reads sealed chunks and the part
    file; a trailing partial record is ignored, as the Java reader does."""
    with open(os.path.join(folder, "store.json"), encoding="utf-8") as f:
        meta = json.load(f)
    if meta.get("format") != "sgdvi-trajectory-store" or meta.get("version") != 1:
        raise ValueError(f"{folder}/store.json: expected format sgdvi-trajectory-store version 1, got "
                         f"{meta.get('format')} version {meta.get('version')}")
    d, names = int(meta["dimension"]), list(meta["scalarColumns"])
    chunks = sorted(p for p in glob.glob(os.path.join(folder, "chunk-*.npy"))
                    if re.match(r"chunk-\d+\.npy$", os.path.basename(p)))
    ws = [np.load(p) for p in chunks]
    ss = [np.load(p[:-4] + ".scalars.npy") for p in chunks]
    part = os.path.join(folder, f"chunk-{len(chunks):06d}.part")
    if os.path.exists(part):
        rec = np.dtype([("w", "<f4", (d,)), ("s", "<f8", (len(names),))])
        raw = np.fromfile(part, dtype=np.uint8)
        raw = raw[: len(raw) // rec.itemsize * rec.itemsize].view(rec)
        ws.append(raw["w"].reshape(-1, d))
        ss.append(raw["s"].reshape(-1, len(names)))
    if not ws:
        return np.zeros((0, d), np.float32), np.zeros((0, len(names))), names
    return np.concatenate(ws), np.concatenate(ss), names


def find_trajectory(folder, results=None):
    """The raw trajectory of a run: a store folder in the run folder (or one level below), else
    the file or store named by results.json trajectory.source, else a trajectory.npy. Returns
    (X, gradNorm or None, description) or None."""
    candidates = [folder] + sorted(glob.glob(os.path.join(folder, "*")))
    source = get(results, "trajectory.source") if results else None
    if source:
        candidates.append(source)
    for c in candidates:
        if os.path.isdir(c) and os.path.isfile(os.path.join(c, "store.json")):
            X, S, names = read_trajectory_store(c)
            g = S[:, names.index("gradNorm")] if "gradNorm" in names else None
            return X, g, f"store {c}"
    for c in [os.path.join(folder, "trajectory.npy")] + ([source] if source else []):
        if c and os.path.isfile(c) and c.endswith(".npy"):
            return np.load(c), None, f"file {c}"
    return None


def increment_spectrum(X):
    """Mean and population std over weights of |rfft(x_{k+1} - x_k)|, and rfftfreq (1/epoch)."""
    dx = np.diff(np.asarray(X, dtype=np.float64), axis=0)
    amp = np.abs(np.fft.rfft(dx, axis=0))
    return np.fft.rfftfreq(dx.shape[0]), amp.mean(axis=1), amp.std(axis=1)


def autocorrelation(X, lags):
    """Biased auto-correlation r(h) = sum_t (x_t - mu)(x_{t+h} - mu) / n / c0 per weight at the
    given lags; mean and population std over weights."""
    x = np.asarray(X, dtype=np.float64)
    x = x - x.mean(axis=0)
    n = x.shape[0]
    c0 = (x * x).sum(axis=0) / n
    c0 = np.where(c0 > 0, c0, np.nan)
    r = np.array([(x[: n - h] * x[h:]).sum(axis=0) / n / c0 for h in lags])
    return np.nanmean(r, axis=1), np.nanstd(r, axis=1)


def ewma(values, com=100.0):
    """pandas Series.ewm(com=com).mean() (adjust=True) without pandas."""
    alpha = 1.0 / (1.0 + com)
    out = np.empty(len(values))
    num = den = 0.0
    for i, v in enumerate(values):
        num = num * (1 - alpha) + v
        den = den * (1 - alpha) + 1
        out[i] = num / den
    return out


# ---------------------------------------------------------------- sweeps

def find_trials(sweep_folder):
    """Every training run folder below a sweep folder: one row per folder whose config.json has a
    'request' with learningRate and batchSize (the train command's run folder), with the final
    validation error from its results.json (NaN if absent or diverged)."""
    rows = []
    for cfg_path in sorted(glob.glob(os.path.join(sweep_folder, "**", "config.json"), recursive=True)):
        folder = os.path.dirname(cfg_path)
        with open(cfg_path, encoding="utf-8") as f:
            cfg = json.load(f)
        req = cfg.get("request") or {}
        if "learningRate" not in req or "batchSize" not in req:
            continue
        res_path = os.path.join(folder, "results.json")
        res = {}
        if os.path.isfile(res_path):
            with open(res_path, encoding="utf-8") as f:
                res = json.load(f)
        err = get(res, "final.validationError")
        rows.append({
            "folder": os.path.relpath(folder, sweep_folder),
            "model": req.get("model"), "data": req.get("data"),
            "lr": float(req["learningRate"]), "batch": int(req["batchSize"]),
            "sampling": req.get("sampling", "?"), "seed": req.get("seed"),
            "diverged": bool(res.get("diverged", False)),
            "validationError": float(err) if err is not None and not res.get("diverged") else float("nan"),
        })
    return rows


def r_squared_smooth(x, y, degree=2):
    """Share of the variance of y explained by a 1-D polynomial fit of the given degree in x
    (degree lowered when there are too few distinct x values); NaN if y has no variance."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    ok = np.isfinite(x) & np.isfinite(y)
    x, y = x[ok], y[ok]
    distinct = len(np.unique(x))
    if len(y) < 2 or np.var(y) == 0 or distinct < 2:
        return float("nan")
    deg = min(degree, distinct - 1)
    coef = np.polyfit(x, y, deg)
    resid = y - np.polyval(coef, x)
    return float(1 - resid.var() / y.var())


def spearman(x, y):
    """Spearman rank correlation (average ranks for ties); NaN for fewer than 2 points."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    if len(x) < 2:
        return float("nan")

    def ranks(v):
        order = np.argsort(v, kind="mergesort")
        r = np.empty(len(v))
        r[order] = np.arange(len(v), dtype=float)
        for val in np.unique(v):
            tie = v == val
            r[tie] = r[tie].mean()
        return r

    rx, ry = ranks(x), ranks(y)
    if rx.std() == 0 or ry.std() == 0:
        return float("nan")
    return float(np.corrcoef(rx, ry)[0, 1])
