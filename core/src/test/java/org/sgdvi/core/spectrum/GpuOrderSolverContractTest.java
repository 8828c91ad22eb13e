package org.sgdvi.core.spectrum;

import java.util.List;
import org.sgdvi.core.device.CpuOrderAlgebra;
import org.sgdvi.core.device.CudaDevice;
import org.sgdvi.core.device.CudaStatus;
import org.sgdvi.core.device.Device;
import org.sgdvi.core.device.DeviceSolver;

/**
 * The eigen-solver contract for the CUDA 13 path's algebra, run on the CPU: a {@link DeviceSolver}
 * whose probe reports a GPU and whose algebra is {@link CpuOrderAlgebra}, so float32 inputs go through
 * the GPU's order of work (chunked SYRK, one rank-1 correction, syevd) and the rest through the
 * wrapped CPU solver.
 */
class GpuOrderSolverContractTest extends EigenSolverContract {

    @Override
    EigenSolver solver() {
        CudaDevice gpu = new CudaDevice(0, "test GPU", 9, 0, 1L << 40, 1L << 40);
        return new DeviceSolver(Device.CUDA, SolverKind.DENSE,
                () -> new CudaStatus(13000, 13000, java.util.Map.of(), List.of(gpu), null),
                g -> new CpuOrderAlgebra(), new DenseSymmetricSolver(), line -> { });
    }
}
