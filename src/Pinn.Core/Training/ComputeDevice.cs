namespace Pinn.Core.Training;

/// <summary>Where a run's first-order phase trains (<see cref="TrainingOptions.Device"/>; written cpu, cuda, ilgpu-cpu).</summary>
public enum ComputeDevice
{
    /// <summary>The CPU backend, float32 or float64 (the default).</summary>
    Cpu,

    /// <summary>An NVIDIA GPU through ILGPU, float32.</summary>
    Cuda,

    /// <summary>The GPU kernels on ILGPU's CPU accelerator, float32: for checking them without a GPU.</summary>
    IlgpuCpu,
}
