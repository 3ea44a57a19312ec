namespace Pinn.Core.Compute.Cpu;

/// <summary>A buffer in host memory.</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class CpuBuffer<T> : DeviceBuffer<T>
    where T : unmanaged
{
    /// <summary>Allocates a zeroed buffer.</summary>
    /// <param name="length">Number of elements.</param>
    public CpuBuffer(int length) => Array = new T[length];

    /// <summary>A buffer over an existing array (not copied: the buffer and the array are the same storage).</summary>
    /// <param name="array">The storage.</param>
    public CpuBuffer(T[] array) => Array = array ?? throw new ArgumentNullException(nameof(array));

    /// <summary>The storage.</summary>
    public T[] Array { get; }

    /// <inheritdoc />
    public override int Length => Array.Length;
}
