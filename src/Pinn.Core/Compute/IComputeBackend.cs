using Pinn.Core.Networks;
using Pinn.Core.Problems;
using Pinn.Core.Randomness;

namespace Pinn.Core.Compute;

/// <summary>
/// The seam between the numerics and the hardware: every heavy operation of a training step is a call on buffers the
/// backend owns, so parameters never leave the device. It is four parts: <see cref="IComputeRuntime{T}"/> (memory and
/// scheduling), <see cref="IComputeKernels{T}"/> (products, layer kernels, vector operations),
/// <see cref="ILossKernels{T}"/> (the Poisson residual and loss) and <see cref="IOptimizerKernels{T}"/> (fused optimizer
/// updates). The CPU backend is <see cref="Cpu.CpuBackend{T}"/>; the GPU backend is Pinn.Gpu's IlgpuBackend.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public interface IComputeBackend<T> : IComputeRuntime<T>, IComputeKernels<T>, ILossKernels<T>, IOptimizerKernels<T>
    where T : unmanaged
{
}
