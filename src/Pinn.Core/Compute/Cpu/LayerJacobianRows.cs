using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Pinn.Core.Compute.Cpu;

/// <summary>
/// A point's row of a layer's weight Jacobian: entry (a, i) = Σ_c dZ[row_c, a]·Y[row_c, i] over the point's channel rows
/// (its value row, then its gradient and Laplacian rows where it has them), written in one vectorised pass per output a
/// with the sum held in a register — instead of a library call per output and channel, which cost more than their
/// arithmetic at widths of 32 – 64. The products and sums run in the same order as a multiply followed by
/// multiply–adds channel by channel, so the values are the same.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
internal static class LayerJacobianRows<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Writes the outputs × inputs weight block of one point's Jacobian row.</summary>
    /// <param name="channelRows">The point's channel rows (first the value row).</param>
    /// <param name="outputs">The layer's outputs (rows of dZ per channel row).</param>
    /// <param name="inputs">The layer's inputs.</param>
    /// <param name="dz">dZ: channel rows × outputs, row-major.</param>
    /// <param name="dzOffset">Offset of dZ's first element.</param>
    /// <param name="y">The layer's input Y: channel rows × inputs, row-major.</param>
    /// <param name="yOffset">Offset of Y's first element.</param>
    /// <param name="target">Receives the block, output-major (outputs × inputs).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Write(ReadOnlySpan<int> channelRows, int outputs, int inputs, T[] dz, int dzOffset, T[] y, int yOffset, Span<T> target)
    {
        int count = channelRows.Length;
        if (target.Length < outputs * inputs)
        {
            throw new ArgumentException("The target is shorter than the layer's weight block.", nameof(target));
        }

        foreach (int row in channelRows)
        {
            if (row < 0 || dzOffset + ((row + 1) * outputs) > dz.Length || yOffset + ((row + 1) * inputs) > y.Length)
            {
                throw new ArgumentOutOfRangeException(nameof(channelRows), "A channel row lies outside dZ or Y.");
            }
        }

        int w = Vector<T>.Count;
        ref T dzBase = ref dz[0];
        ref T yBase = ref y[0];
        ref T t0 = ref MemoryMarshal.GetReference(target);
        Span<T> coefficients = stackalloc T[count];
        Span<int> yStarts = stackalloc int[count];
        for (int c = 0; c < count; c++)
        {
            yStarts[c] = yOffset + (channelRows[c] * inputs);
        }

        for (int a = 0; a < outputs; a++)
        {
            for (int c = 0; c < count; c++)
            {
                coefficients[c] = Unsafe.Add(ref dzBase, dzOffset + (channelRows[c] * outputs) + a);
            }

            ref T t = ref Unsafe.Add(ref t0, a * inputs);
            ref T y0 = ref Unsafe.Add(ref yBase, yStarts[0]);
            int i = 0;
            for (; i + w <= inputs; i += w)
            {
                var sum = new Vector<T>(coefficients[0]) * Vector.LoadUnsafe(ref y0, (nuint)i);
                for (int c = 1; c < count; c++)
                {
                    sum = (new Vector<T>(coefficients[c]) * Vector.LoadUnsafe(ref Unsafe.Add(ref yBase, yStarts[c]), (nuint)i)) + sum;
                }

                sum.StoreUnsafe(ref t, (nuint)i);
            }

            for (; i < inputs; i++)
            {
                T sum = coefficients[0] * Unsafe.Add(ref y0, i);
                for (int c = 1; c < count; c++)
                {
                    sum = (coefficients[c] * Unsafe.Add(ref yBase, yStarts[c] + i)) + sum;
                }

                Unsafe.Add(ref t, i) = sum;
            }
        }
    }
}
