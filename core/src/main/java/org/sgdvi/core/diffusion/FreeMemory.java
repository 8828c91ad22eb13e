package org.sgdvi.core.diffusion;

import org.bytedeco.javacpp.Pointer;

/**
 * The memory available now: off-heap bytes for ND4J buffers (JavaCPP's limits {@code maxBytes},
 * {@code maxPhysicalBytes} and the machine's available physical memory, whichever is smallest) and
 * Java heap bytes. Under the CUDA backend the device memory is a separate limit not seen here.
 *
 * @param offHeapBytes bytes that ND4J may still allocate off the Java heap
 * @param heapBytes bytes that the Java heap may still grow by
 */
public record FreeMemory(long offHeapBytes, long heapBytes) {

    /** Measures the memory available now. */
    public static FreeMemory probe() {
        long offHeap = Long.MAX_VALUE;
        long maxBytes = Pointer.maxBytes();
        if (maxBytes > 0) {
            offHeap = Math.min(offHeap, maxBytes - Pointer.totalBytes());
        }
        long maxPhysical = Pointer.maxPhysicalBytes();
        if (maxPhysical > 0) {
            offHeap = Math.min(offHeap, maxPhysical - Pointer.physicalBytes());
        }
        long available = Pointer.availablePhysicalBytes();
        if (available > 0) {
            offHeap = Math.min(offHeap, available);
        }
        Runtime rt = Runtime.getRuntime();
        long heap = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        return new FreeMemory(Math.max(0, offHeap), Math.max(0, heap));
    }
}
