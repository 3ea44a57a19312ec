using System.Collections.Concurrent;
using System.Numerics;
using Pinn.Core.Compute;
using Pinn.Core.Training;
using Pinn.Gpu;

namespace Pinn.Runs;

/// <summary>
/// The backend a run's <see cref="TrainingOptions.Device"/> names: null for "cpu" (the trainer's own CPU backend), an
/// <see cref="IlgpuBackend"/> for "cuda" and "ilgpu-cpu". A device is opened and its kernels compiled once per process;
/// each backend handed out is new and owns its device memory, which its owner frees by disposing it.
/// </summary>
public static class ComputeDevices
{
    private static readonly ConcurrentDictionary<ComputeDevice, Lazy<GpuKernels>> Devices = new();

    /// <summary>
    /// Opens the device a run's options name, if any, so that an absent GPU is reported before a run writes anything
    /// (runs in float64 train on the CPU and open nothing).
    /// </summary>
    /// <param name="training">The validated training options.</param>
    /// <exception cref="GpuUnavailableException">The device is not on this machine.</exception>
    public static void Open(TrainingOptions training)
    {
        ArgumentNullException.ThrowIfNull(training);
        if (training.Precision == Precision.F32)
        {
            For<float>(training);
        }
    }

    /// <summary>A new backend for a run's options, or null for the CPU; the caller disposes it (a trainer given <c>ownsBackend</c>).</summary>
    /// <typeparam name="T">The run's precision (GPU devices need float).</typeparam>
    /// <param name="training">The validated training options.</param>
    /// <exception cref="GpuUnavailableException">The device is not on this machine.</exception>
    public static IComputeBackend<T>? For<T>(TrainingOptions training)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(training);
        if (training.Device == ComputeDevice.Cpu)
        {
            return null;
        }

        if (typeof(T) != typeof(float))
        {
            throw new ArgumentException($"the {ComputeDeviceNames.Name(training.Device)} device trains in float32.", nameof(training));
        }

        var kind = training.Device == ComputeDevice.Cuda ? GpuDeviceKind.Cuda : GpuDeviceKind.IlgpuCpu;
        var lazy = Devices.GetOrAdd(training.Device, _ => new Lazy<GpuKernels>(() => new GpuKernels(GpuDevice.Open(kind))));
        try
        {
            return (IComputeBackend<T>)(object)new IlgpuBackend(lazy.Value);
        }
        catch (GpuUnavailableException)
        {
            Devices.TryRemove(training.Device, out _); // try again next time (e.g. after a driver was installed)
            throw;
        }
    }
}
