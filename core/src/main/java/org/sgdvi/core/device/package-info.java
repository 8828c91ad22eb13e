/**
 * The diffusion matrix D(x) and its eigenvalues on a GPU through CUDA 13 (cuBLAS, cuSOLVER, reached
 * with JavaCPP), beside ND4J's own CUDA 11.6 backend, which has no code for Hopper and Blackwell.
 *
 * <p>{@link org.sgdvi.core.device.GpuOrderAlgebra} is the small interface of the GPU's order of work
 * (streamed SYRK, one rank-1 mean correction, a symmetric eigensolver); it has a CUDA implementation
 * ({@link org.sgdvi.core.device.CudaAlgebra}) and a CPU one ({@link org.sgdvi.core.device.CpuOrderAlgebra})
 * so that the same algebra is tested without a GPU. {@link org.sgdvi.core.device.CudaProbe} says whether
 * the CUDA 13 path is usable here, and why not; {@link org.sgdvi.core.device.DeviceSolver} puts the
 * path behind {@link org.sgdvi.core.spectrum.EigenSolver} with a fallback to the CPU.
 *
 * <p>Classes used by the self-contained GPU check ({@link org.sgdvi.core.device.DeviceCheck}) touch no ND4J
 * class, so that the check runs with JavaCPP and the CUDA wrappers alone.
 */
package org.sgdvi.core.device;
