namespace Pinn.Core.Compute;

/// <summary>A contiguous range of a <see cref="DeviceBuffer{T}"/>.</summary>
/// <typeparam name="T">float or double.</typeparam>
/// <param name="Buffer">The buffer.</param>
/// <param name="Offset">First element.</param>
/// <param name="Length">Number of elements.</param>
public readonly record struct BufferView<T>(DeviceBuffer<T> Buffer, int Offset, int Length)
    where T : unmanaged
{
    /// <summary>A sub-range of this view.</summary>
    /// <param name="offset">Offset within the view.</param>
    /// <param name="length">Number of elements.</param>
    public BufferView<T> Slice(int offset, int length)
    {
        if ((uint)offset > (uint)Length || (uint)length > (uint)(Length - offset))
        {
            throw new ArgumentOutOfRangeException(nameof(offset), $"Range [{offset}, {offset + length}) is outside a view of {Length}.");
        }

        return new BufferView<T>(Buffer, Offset + offset, length);
    }

    /// <summary>The rest of this view from <paramref name="offset"/> on.</summary>
    /// <param name="offset">Offset within the view.</param>
    public BufferView<T> From(int offset) => Slice(offset, Length - offset);
}
