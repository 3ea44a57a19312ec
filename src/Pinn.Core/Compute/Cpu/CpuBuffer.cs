namespace Pinn.Core.Compute.Cpu;

/// <summary>A buffer in host memory.</summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class CpuBuffer<T> : DeviceBuffer<T>
    where T : unmanaged
{
    /// <summary>Allocates a zeroed buffer.</summary>
    /// <param name="length">Number of elements.</param>
    public CpuBuffer(int length) => Array = new T[length];

    /// <summary>The storage.</summary>
    public T[] Array { get; }

    /// <inheritdoc />
    public override int Length => Array.Length;
}
