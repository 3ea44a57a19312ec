using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using ILGPU.Runtime.CPU;
using ILGPU.Runtime.Cuda;

namespace Pinn.Gpu;

/// <summary>An ILGPU context and one accelerator; disposing it releases both.</summary>
public sealed class GpuDevice : IDisposable
{
    private readonly Context context;

    private GpuDevice(Context context, Accelerator accelerator, GpuDeviceKind kind)
    {
        this.context = context;
        Accelerator = accelerator;
        Kind = kind;
    }

    /// <summary>The accelerator kernels are loaded on.</summary>
    public Accelerator Accelerator { get; }

    /// <summary>Which kind of device this is.</summary>
    public GpuDeviceKind Kind { get; }

    /// <summary>A short description, e.g. "ilgpu-cpu (CPUAccelerator …)".</summary>
    public string Name => $"{(Kind == GpuDeviceKind.Cuda ? "cuda" : "ilgpu-cpu")} ({Accelerator.Name})";

    /// <summary>Opens a device.</summary>
    /// <param name="kind">Which one.</param>
    /// <exception cref="GpuUnavailableException">The device is absent (no CUDA GPU or driver): the message says so in one line.</exception>
    public static GpuDevice Open(GpuDeviceKind kind)
    {
        // The CPU accelerator simulates every thread of a group with an OS thread: 64 (16 warps of 4) keeps that cheap on a
        // 2-core machine and is what the kernels' groups use (8×8 GEMM tiles, 64-thread reductions).
        var context = Context.Create(builder => builder.CPU(new CPUDevice(4, 16, 1)).Cuda().EnableAlgorithms()); // XMath on every backend
        try
        {
            if (kind == GpuDeviceKind.IlgpuCpu)
            {
                // ILGPU's CPU accelerator: the kernels' group, barrier and shared-memory semantics, on the CPU.
                return new GpuDevice(context, context.CreateCPUAccelerator(0), kind);
            }

            var cuda = context.GetCudaDevices();
            if (cuda.Count == 0)
            {
                throw new GpuUnavailableException("no CUDA device: ILGPU found no NVIDIA GPU with a working driver on this machine; use --device cpu (or ilgpu-cpu to run the GPU kernels on the CPU).");
            }

            return new GpuDevice(context, cuda[0].CreateCudaAccelerator(context), kind);
        }
        catch
        {
            context.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Accelerator.Dispose();
        context.Dispose();
    }
}
