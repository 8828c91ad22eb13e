/**
 * Training trajectories: a crash-safe on-disk store of weight snapshots and the analysis of
 * the trajectory experiment (the paper's Fig. 3 and Remarks 17 and 18: SGD iterates are
 * not Brownian motion).
 *
 * <h2>Store folder format (version 1)</h2>
 * A {@link org.sgdvi.core.trajectory.TrajectoryStore} folder holds T snapshots; snapshot k has
 * d float32 weights and c float64 scalars (default columns {@code epoch, gradNorm, trainLoss}).
 * <pre>
 * store.json                 {"format": "sgdvi-trajectory-store", "version": 1, "dimension": d,
 *                             "chunkSize": K, "weightsDtype": "&lt;f4", "scalarsDtype": "&lt;f8",
 *                             "scalarColumns": ["epoch", "gradNorm", "trainLoss"]}
 * chunk-000000.npy           snapshots 0..K-1: float32 little-endian, C order, shape [K, d]
 * chunk-000000.scalars.npy   their scalars: float64 little-endian, C order, shape [K, c]
 * chunk-000001.npy ...       sealed chunks 0..m-1, always exactly K rows each
 * chunk-00000m.part          the chunk being filled: r &lt; K records, no header; a record is
 *                            d float32 then c float64, all little-endian (4d + 8c bytes)
 * store.lock                 held (fcntl lock) by the single writer; empty
 * </pre>
 * T = m K + r, where r = floor(size of the part file / (4d + 8c)); a trailing partial record is
 * an interrupted append and is ignored (and cut off when a writer opens the store). There is no
 * separate counter: the files are the index, so it cannot disagree with the data. Files ending
 * in {@code .tmp}, a {@code chunk-j.part} with a sealed {@code chunk-j.npy}, and a
 * {@code chunk-j.scalars.npy} without {@code chunk-j.npy} are leftovers of an interrupted seal or
 * truncation and are ignored (deleted by the next writer).
 *
 * <p>Reading a store in numpy:
 * <pre>
 * import json, os, glob, numpy as np
 * meta = json.load(open(f"{folder}/store.json"))
 * d, names = meta["dimension"], meta["scalarColumns"]
 * chunks = sorted(glob.glob(f"{folder}/chunk-*[0-9].npy"))
 * w = [np.load(p) for p in chunks]
 * s = [np.load(p[:-4] + ".scalars.npy") for p in chunks]
 * part = f"{folder}/chunk-{len(chunks):06d}.part"
 * if os.path.exists(part):
 *     rec = np.dtype([("w", "&lt;f4", (d,)), ("s", "&lt;f8", (len(names),))])
 *     r = np.fromfile(part, dtype=np.uint8)
 *     r = r[: len(r) // rec.itemsize * rec.itemsize].view(rec)
 *     w.append(r["w"]); s.append(r["s"].reshape(-1, len(names)))
 * X = np.concatenate(w)   # [T, d] float32
 * S = np.concatenate(s)   # [T, c] float64
 * </pre>
 * or export one file with {@link org.sgdvi.core.trajectory.TrajectoryStore#exportNpy}.
 *
 * <h2>Why this design</h2>
 * The paper's run is T = 10^5 snapshots of d = 917 weights, 367 MB of float32. An append writes
 * one 3.7 kB record to the part file and forces it (fdatasync): durable at snapshot granularity,
 * O(d) per append. Every K snapshots (default 1000, a 3.7 MB chunk) the part file is rewritten
 * once as two .npy files (temp file, fsync, atomic rename; the weights file last, its existence
 * being the commit point), so every byte is written twice in total and the run leaves 100
 * numpy-readable chunk files rather than 10^5 tiny files or one file rewritten at every append.
 * {@code truncateTo(n)} removes files from the end backwards, so an interrupted truncation still
 * leaves a valid prefix.
 *
 * <h2>Recording</h2>
 * {@link org.sgdvi.core.trajectory.TrajectoryRecorder} (a DL4J listener driven by the trainer's
 * epoch hooks) appends after every epoch k the weights x_k and the scalars {@code epoch} = k,
 * {@code gradNorm} = ||grad f(x_k)|| / sqrt(d) and {@code trainLoss} = f(x_k), both over the whole
 * training set in inference mode ({@link org.sgdvi.core.gradients.FullGradient}, exact for every
 * zoo net: the fused kernel for the fully connected ones, the engine's mean otherwise). Row k - 1 is
 * epoch k. The append is on disk before the trainer's checkpoint of that epoch; on resume the
 * store is cut back to the checkpoint's epoch and its last row is checked against the restored
 * weights, so a run killed at any moment resumes without duplicated or missing epochs.
 *
 * <h2>Analysis</h2>
 * Any T x d trajectory ({@link org.sgdvi.core.trajectory.TrajectoryMatrix}: {@code double[][]},
 * {@code float[][]}, INDArray, a .npy via {@link org.sgdvi.core.trajectory.TrajectoryMatrix#readNpy}, or a store)
 * is analysed by {@link org.sgdvi.core.trajectory.TrajectoryAnalyzer}: increment amplitude
 * spectrum (numpy {@code abs(rfft(diff(x)))} at {@code rfftfreq(n)}), biased auto-correlation at
 * lags 0, s, 2s, ... with s = max(1, n/100) and bands +- z/sqrt(n), pandas EWMA (com = 100) of
 * the gradient norm, a Brownian baseline with the same per-weight increment variance, and a
 * numeric {@link org.sgdvi.core.trajectory.TrajectoryVerdict}. Means and standard deviations
 * over weights are population statistics (numpy ddof = 0).
 */
package org.sgdvi.core.trajectory;
