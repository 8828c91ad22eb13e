package org.sgdvi.core.gradients;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * Runs a test class with ND4J's native thread pools at one thread, restoring them afterwards. The
 * tests use tiny arrays, where two OpenMP threads competing for busy cores are many times slower than one.
 */
final class SingleThreadedNd4j implements BeforeAllCallback, AfterAllCallback {

    private int maxThreads;
    private int maxMasterThreads;
    private int ompThreads;

    @Override
    public void beforeAll(ExtensionContext context) {
        Environment env = Nd4j.getEnvironment();
        maxThreads = env.maxThreads();
        maxMasterThreads = env.maxMasterThreads();
        ompThreads = NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
        env.setMaxThreads(1);
        env.setMaxMasterThreads(1);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(1);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Environment env = Nd4j.getEnvironment();
        env.setMaxThreads(maxThreads);
        env.setMaxMasterThreads(maxMasterThreads);
        NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(ompThreads);
    }
}
