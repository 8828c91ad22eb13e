package org.sgdvi.datasets.fetch;

import java.net.URI;
import java.util.List;

/**
 * A published .tar.gz archive: where to download it, the file name to keep it under, the
 * top-level folder it unpacks to and the digests it must match.
 *
 * @param url      download address
 * @param fileName name of the archive in the data home
 * @param topDir   folder inside the archive that holds the data
 * @param digests  digests the archive must match (all of them)
 */
public record RemoteArchive(URI url, String fileName, String topDir, List<ExpectedDigest> digests) {
    /**
     * CIFAR-10 binary version. The dataset's site (https://www.cs.toronto.edu/~kriz/cifar.html)
     * publishes only the MD5 c32a1d4ab5d03f1284b67883e8d87530; it publishes no SHA-256. We verify
     * that MD5 AND the SHA-256 c4a38c50...bca1dd pinned independently by other loaders of the same
     * file (e.g. JuliaML MLDatasets.jl, GoMLX), and record the SHA-256 in the provenance.
     */
    public static final RemoteArchive CIFAR10 = new RemoteArchive(
            URI.create("https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz"),
            "cifar-10-binary.tar.gz", "cifar-10-batches-bin",
            List.of(ExpectedDigest.md5Hex("c32a1d4ab5d03f1284b67883e8d87530"),
                    ExpectedDigest.sha256Hex("c4a38c50a1bc5f3a1c5537f2155ab9d68f9f25eb1ed8d9ddda3db29a59bca1dd")));

    /**
     * CIFAR-100 binary version. Site MD5 03b5dce01913d631647c71ecec9e9cb8 (no SHA-256 published
     * there) and the SHA-256 58a81ae1...40d8ec pinned by other loaders; both are verified.
     */
    public static final RemoteArchive CIFAR100 = new RemoteArchive(
            URI.create("https://www.cs.toronto.edu/~kriz/cifar-100-binary.tar.gz"),
            "cifar-100-binary.tar.gz", "cifar-100-binary",
            List.of(ExpectedDigest.md5Hex("03b5dce01913d631647c71ecec9e9cb8"),
                    ExpectedDigest.sha256Hex("58a81ae192c23a4be8b1804d68e518ed807d710a4eb253b1f2a199162a40d8ec")));

    /** Copies the digest list. */
    public RemoteArchive {
        digests = List.copyOf(digests);
    }
}
