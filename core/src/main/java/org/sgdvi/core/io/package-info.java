/**
 * One home per file format, used by {@code core} and {@code experiments}: {@link org.sgdvi.core.io.Npy}
 * (NumPy {@code .npy}), {@link org.sgdvi.core.io.Json} (the Jackson configuration) and
 * {@link org.sgdvi.core.io.AtomicFiles} (crash-safe writes: temp file, fsync, rename, folder fsync).
 * {@code datasets} does not depend on {@code core}; its fetchers publish downloads with their own
 * {@code AtomicMove}.
 */
package org.sgdvi.core.io;
