using ILGPU;
using ILGPU.Runtime;
using Pinn.Core.Compute;

namespace Pinn.Gpu;

/// <summary>A float32 buffer in an ILGPU accelerator's memory, usable wherever the compute seam takes a <see cref="DeviceBuffer{T}"/>.</summary>
public sealed class GpuBuffer : DeviceBuffer<float>, IDisposable
{
    /// <summary>Allocates a zeroed buffer.</summary>
    /// <param name="device">Where.</param>
    /// <param name="length">Elements.</param>
    public GpuBuffer(GpuDevice device, int length)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Memory = device.Accelerator.Allocate1D<float>(Math.Max(1, length));
        Memory.MemSetToZero();
        Size = length;
    }

    /// <summary>The accelerator memory (at least one element, so that empty buffers have a view).</summary>
    public MemoryBuffer1D<float, Stride1D.Dense> Memory { get; }

    /// <inheritdoc />
    public override int Length => Size;

    private int Size { get; }

    /// <summary>The accelerator view of a buffer view; throws when the view is not on a <see cref="GpuBuffer"/>.</summary>
    /// <param name="view">The view.</param>
    public static ArrayView<float> View(BufferView<float> view)
    {
        var buffer = view.Buffer as GpuBuffer ?? throw new ArgumentException($"a {view.Buffer.GetType().Name} is not in GPU memory; allocate it from the GPU backend.", nameof(view));
        return buffer.Memory.View.SubView(view.Offset, view.Length);
    }

    /// <inheritdoc />
    public void Dispose() => Memory.Dispose();
}
