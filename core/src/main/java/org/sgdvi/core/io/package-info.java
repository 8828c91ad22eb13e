/**
 * Crash-safe file output shared by every module: atomic writes (temp file, fsync, rename, folder fsync).
 */
package org.sgdvi.core.io;
