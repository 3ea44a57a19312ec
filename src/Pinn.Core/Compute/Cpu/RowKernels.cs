using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Pinn.Core.Compute.Cpu;

/// <summary>
/// Row-wise kernels of the output layer — a matrix of short rows (the network's width) times a vector, its transpose,
/// and the outer product — over a range of rows, vectorised inside each row without a call per row (at width 32 a
/// library call per row cost more than its arithmetic).
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
internal static class RowKernels<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>y[i] = row(i) · x for i in [start, end).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dots(int start, int end, int cols, T[] a, int aOffset, T[] x, int xOffset, T[] y, int yOffset)
    {
        var xs = MemoryMarshal.Cast<T, Vector<T>>(x.AsSpan(xOffset, cols));
        int body = xs.Length * Vector<T>.Count;
        for (int i = start; i < end; i++)
        {
            var row = a.AsSpan(aOffset + (i * cols), cols);
            var rv = MemoryMarshal.Cast<T, Vector<T>>(row);
            var acc = Vector<T>.Zero;
            for (int v = 0; v < xs.Length; v++)
            {
                acc += rv[v] * xs[v];
            }

            T sum = Vector.Sum(acc);
            for (int j = body; j < cols; j++)
            {
                sum += row[j] * x[xOffset + j];
            }

            y[yOffset + i] = sum;
        }
    }

    /// <summary>acc += Σᵢ wᵢ·row(i) over [start, end), or Σᵢ row(i) when <paramref name="weights"/> is null.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void AccumulateRows(int start, int end, int cols, T[] a, int aOffset, T[]? weights, int weightsOffset, Span<T> acc)
    {
        var av = MemoryMarshal.Cast<T, Vector<T>>(acc);
        int body = av.Length * Vector<T>.Count;
        for (int i = start; i < end; i++)
        {
            var row = a.AsSpan(aOffset + (i * cols), cols);
            var rv = MemoryMarshal.Cast<T, Vector<T>>(row);
            if (weights is null)
            {
                for (int v = 0; v < av.Length; v++)
                {
                    av[v] += rv[v];
                }

                for (int j = body; j < cols; j++)
                {
                    acc[j] += row[j];
                }

                continue;
            }

            T w = weights[weightsOffset + i];
            var wv = new Vector<T>(w);
            for (int v = 0; v < av.Length; v++)
            {
                av[v] += rv[v] * wv;
            }

            for (int j = body; j < cols; j++)
            {
                acc[j] += w * row[j];
            }
        }
    }

    /// <summary>row(i) = x[i]·y for i in [start, end) (the outer product x·yᵀ).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Outer(int start, int end, int cols, T[] x, int xOffset, T[] y, int yOffset, T[] a, int aOffset)
    {
        var ys = MemoryMarshal.Cast<T, Vector<T>>(y.AsSpan(yOffset, cols));
        int body = ys.Length * Vector<T>.Count;
        for (int i = start; i < end; i++)
        {
            var row = a.AsSpan(aOffset + (i * cols), cols);
            var rv = MemoryMarshal.Cast<T, Vector<T>>(row);
            T xi = x[xOffset + i];
            var xv = new Vector<T>(xi);
            for (int v = 0; v < ys.Length; v++)
            {
                rv[v] = ys[v] * xv;
            }

            for (int j = body; j < cols; j++)
            {
                row[j] = xi * y[yOffset + j];
            }
        }
    }
}
