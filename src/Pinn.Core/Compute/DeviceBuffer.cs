namespace Pinn.Core.Compute;

/// <summary>A block of numbers owned by a compute backend (host memory for the CPU, device memory for a GPU).</summary>
/// <typeparam name="T">float or double.</typeparam>
public abstract class DeviceBuffer<T>
    where T : unmanaged
{
    /// <summary>Number of elements.</summary>
    public abstract int Length { get; }

    /// <summary>A view of the whole buffer.</summary>
    public BufferView<T> All => new(this, 0, Length);

    /// <summary>A view of a range.</summary>
    /// <param name="offset">First element.</param>
    /// <param name="length">Number of elements.</param>
    public BufferView<T> Slice(int offset, int length)
    {
        if ((uint)offset > (uint)Length || (uint)length > (uint)(Length - offset))
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"Range [{offset}, {offset + length}) is outside a buffer of {Length}.");
        }

        return new BufferView<T>(this, offset, length);
    }
}
