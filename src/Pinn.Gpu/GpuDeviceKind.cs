namespace Pinn.Gpu;

/// <summary>Where ILGPU kernels run.</summary>
public enum GpuDeviceKind
{
    /// <summary>An NVIDIA GPU through ILGPU's CUDA backend.</summary>
    Cuda,

    /// <summary>ILGPU's CPU accelerator: the same kernels, group and shared-memory semantics, on the CPU (how CI tests them).</summary>
    IlgpuCpu,
}
