namespace Pinn.Gpu;

/// <summary>
/// Every kernel the ILGPU backend launches, compiled once for a device and shared by the backends on it (each
/// <see cref="IlgpuBackend"/> owns only its memory). Disposing releases the cuBLAS handle.
/// </summary>
public sealed class GpuKernels : IDisposable
{
    /// <summary>Compiles the kernels for a device.</summary>
    /// <param name="device">The device.</param>
    public GpuKernels(GpuDevice device)
    {
        Device = device ?? throw new ArgumentNullException(nameof(device));
        Gemm = new GpuGemm(device);
        Vectors = new GpuVectorKernels(device);
        Taylor = new GpuTaylorKernels(device);
        Layers = new GpuLayerKernels(device);
        Packing = new GpuMemberPacking(device);
    }

    /// <summary>The device they run on.</summary>
    public GpuDevice Device { get; }

    /// <summary>Matrix products (cuBLAS where it loads, else tiled kernels).</summary>
    public GpuGemm Gemm { get; }

    /// <summary>Vector operations.</summary>
    public GpuVectorKernels Vectors { get; }

    /// <summary>The Taylor-mode activation kernels.</summary>
    public GpuTaylorKernels Taylor { get; }

    /// <summary>Layer kernels and the fused Adam update.</summary>
    public GpuLayerKernels Layers { get; }

    /// <summary>Packing of members' parameters for batched launches.</summary>
    public GpuMemberPacking Packing { get; }

    /// <inheritdoc />
    public void Dispose() => Gemm.Dispose();
}
