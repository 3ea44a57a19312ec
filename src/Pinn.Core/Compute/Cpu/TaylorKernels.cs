using System.Buffers;
using System.Numerics;
using System.Numerics.Tensors;
using Pinn.Core.Networks;

namespace Pinn.Core.Compute.Cpu;

/// <summary>
/// The CPU's Taylor-mode activation kernels (stateless). For a = σ(z) carried with its x-gradient and Laplacian:
/// ∇a = σ'(z)∇z and ∇²a = σ'(z)∇²z + σ''(z)|∇z|²; the backward kernels are the exact adjoints of these maps.
/// Matrices are row-major with <c>width</c> columns and the rows of a <see cref="ChannelLayout"/>.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
internal static class TaylorKernels<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Elements a worker must get before a kernel is split over threads (below it, threading costs more than it saves).</summary>
    private const int MinimumElementsPerThread = 1 << 16;

    private static int MinimumPoints(ChannelLayout layout, int n) => Math.Max(16, MinimumElementsPerThread / (n * (layout.Dimension + 2)));

    /// <summary>W₀'s columns as rows (columns[k·n + j] = W₀[j, k], the x_k-gradient of z₀) and Σ_k W₀[j, k]² (|∇z₀|²).</summary>
    private static (T[] Columns, T[] Squares) InputWeights(T[] w0, int w0Offset, int n, int d)
    {
        var columns = new T[d * n];
        var squares = new T[n];
        for (int j = 0; j < n; j++)
        {
            for (int k = 0; k < d; k++)
            {
                T w = w0[w0Offset + (j * d) + k];
                columns[(k * n) + j] = w;
                squares[j] += w * w;
            }
        }

        return (columns, squares);
    }

    public static void InputForward(ChannelLayout layout, Activation activation, int n, int threads, CpuKernelOptions kernels, T[] points, int pointsOffset, T[] w0, int w0Offset, T[] b0, int b0Offset, T[] z0, int z0Offset, T[] y, int yOffset)
    {
        int d = layout.Dimension;
        var (columns, squares) = InputWeights(w0, w0Offset, n, d);
        if (kernels.FusedSigmoid && FusedSigmoidKernels<T>.Supports(activation, n))
        {
            ParallelRange.For(layout.Points, threads, MinimumPoints(layout, n), (_, start, end) =>
                FusedSigmoidKernels<T>.InputForward(kernels.ResolvedIsa, layout, n, start, end, points, pointsOffset, columns, squares, b0, b0Offset, z0, z0Offset, y, yOffset));
            return;
        }

        ParallelRange.For(layout.Points, threads, MinimumPoints(layout, n), (_, start, end) =>
        {
            var scratch = ArrayPool<T>.Shared.Rent(3 * n);
            try
            {
                var s0 = scratch.AsSpan(0, n);
                var s1 = scratch.AsSpan(n, n);
                var s2 = scratch.AsSpan(2 * n, n);
                var bias = b0.AsSpan(b0Offset, n);
                for (int p = start; p < end; p++)
                {
                    var z = z0.AsSpan(z0Offset + (p * n), n);
                    bias.CopyTo(z);
                    for (int k = 0; k < d; k++)
                    {
                        TensorPrimitives.MultiplyAdd(columns.AsSpan(k * n, n), points[pointsOffset + (p * d) + k], z, z);
                    }

                    ActivationDerivatives<T>.Evaluate(activation, z, s0, s1, s2, default);
                    s0.CopyTo(y.AsSpan(yOffset + (p * n), n));
                    if (p < layout.DerivativePoints)
                    {
                        for (int k = 0; k < d; k++)
                        {
                            TensorPrimitives.Multiply(s1, columns.AsSpan(k * n, n), y.AsSpan(yOffset + ((layout.GradientRow(k) + p) * n), n));
                        }

                        TensorPrimitives.Multiply(s2, squares, y.AsSpan(yOffset + ((layout.LaplacianRow + p) * n), n));
                    }
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(scratch);
            }
        });
    }

    public static void ResidualForward(ChannelLayout layout, Activation activation, int n, int threads, CpuKernelOptions kernels, T[] z, int zOffset, T[] bias, int biasOffset, T[] yIn, int inOffset, T[] yOut, int outOffset)
    {
        int d = layout.Dimension;
        if (kernels.FusedSigmoid && FusedSigmoidKernels<T>.Supports(activation, n))
        {
            ParallelRange.For(layout.Points, threads, MinimumPoints(layout, n), (_, start, end) =>
                FusedSigmoidKernels<T>.ResidualForward(kernels.ResolvedIsa, layout, n, start, end, z, zOffset, bias, biasOffset, yIn, inOffset, yOut, outOffset));
            return;
        }

        ParallelRange.For(layout.Points, threads, MinimumPoints(layout, n), (_, start, end) =>
        {
            var scratch = ArrayPool<T>.Shared.Rent(5 * n);
            try
            {
                var s0 = scratch.AsSpan(0, n);
                var s1 = scratch.AsSpan(n, n);
                var s2 = scratch.AsSpan(2 * n, n);
                var sumSquares = scratch.AsSpan(3 * n, n);
                var tmp = scratch.AsSpan(4 * n, n);
                var b = bias.AsSpan(biasOffset, n);
                for (int p = start; p < end; p++)
                {
                    var zv = z.AsSpan(zOffset + (p * n), n);
                    TensorPrimitives.Add(zv, b, zv);
                    ActivationDerivatives<T>.Evaluate(activation, zv, s0, s1, s2, default);
                    TensorPrimitives.Add(yIn.AsSpan(inOffset + (p * n), n), s0, yOut.AsSpan(outOffset + (p * n), n));
                    if (p >= layout.DerivativePoints)
                    {
                        continue;
                    }

                    sumSquares.Clear();
                    for (int k = 0; k < d; k++)
                    {
                        int row = (layout.GradientRow(k) + p) * n;
                        var zg = z.AsSpan(zOffset + row, n);
                        TensorPrimitives.MultiplyAdd(zg, zg, sumSquares, sumSquares);
                        TensorPrimitives.MultiplyAdd(s1, zg, yIn.AsSpan(inOffset + row, n), yOut.AsSpan(outOffset + row, n));
                    }

                    int lrow = (layout.LaplacianRow + p) * n;
                    TensorPrimitives.Multiply(s2, sumSquares, tmp);
                    TensorPrimitives.MultiplyAdd(s1, z.AsSpan(zOffset + lrow, n), tmp, tmp);
                    TensorPrimitives.Add(yIn.AsSpan(inOffset + lrow, n), tmp, yOut.AsSpan(outOffset + lrow, n));
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(scratch);
            }
        });
    }

    /// <summary>dZ from dA; returns true when the fused path also wrote the bias gradient (Σ of dZ's value rows).</summary>
    public static bool ResidualBackward(ChannelLayout layout, Activation activation, int n, int threads, CpuKernelOptions kernels, T[] z, int zOffset, T[] dA, int dAOffset, T[] dZ, int dZOffset, Span<T> biasGradient)
    {
        int d = layout.Dimension;
        if (kernels.FusedSigmoid && FusedSigmoidKernels<T>.Supports(activation, n))
        {
            int workers = ParallelRange.Workers(layout.Points, threads, MinimumPoints(layout, n));
            var partials = new T[workers][];
            ParallelRange.For(layout.Points, threads, MinimumPoints(layout, n), (w, start, end) =>
            {
                var bias = new T[n];
                FusedSigmoidKernels<T>.ResidualBackward(kernels.ResolvedIsa, layout, n, start, end, z, zOffset, dA, dAOffset, dZ, dZOffset, bias);
                partials[w] = bias;
            });
            biasGradient.Clear();
            foreach (var p in partials)
            {
                if (p is not null)
                {
                    TensorPrimitives.Add(biasGradient, p, biasGradient);
                }
            }

            return true;
        }

        T two = T.One + T.One;
        ParallelRange.For(layout.Points, threads, MinimumPoints(layout, n), (_, start, end) =>
        {
            var scratch = ArrayPool<T>.Shared.Rent(7 * n);
            try
            {
                var s0 = scratch.AsSpan(0, n);
                var s1 = scratch.AsSpan(n, n);
                var s2 = scratch.AsSpan(2 * n, n);
                var s3 = scratch.AsSpan(3 * n, n);
                var sumSquares = scratch.AsSpan(4 * n, n);
                var cross = scratch.AsSpan(5 * n, n);
                var tmp = scratch.AsSpan(6 * n, n);
                for (int p = start; p < end; p++)
                {
                    var zv = z.AsSpan(zOffset + (p * n), n);
                    var dzv = dZ.AsSpan(dZOffset + (p * n), n);
                    bool derivatives = p < layout.DerivativePoints;
                    ActivationDerivatives<T>.Evaluate(activation, zv, s0, s1, s2, derivatives ? s3 : default);
                    TensorPrimitives.Multiply(s1, dA.AsSpan(dAOffset + (p * n), n), dzv);
                    if (!derivatives)
                    {
                        continue;
                    }

                    int lrow = (layout.LaplacianRow + p) * n;
                    var dAl = dA.AsSpan(dAOffset + lrow, n);
                    sumSquares.Clear();
                    cross.Clear();
                    TensorPrimitives.Multiply(s2, dAl, tmp);
                    TensorPrimitives.Multiply(tmp, two, tmp); // 2σ''·dA_l
                    for (int k = 0; k < d; k++)
                    {
                        int row = (layout.GradientRow(k) + p) * n;
                        var zg = z.AsSpan(zOffset + row, n);
                        var dAg = dA.AsSpan(dAOffset + row, n);
                        var dZg = dZ.AsSpan(dZOffset + row, n);
                        TensorPrimitives.MultiplyAdd(zg, zg, sumSquares, sumSquares);
                        TensorPrimitives.MultiplyAdd(zg, dAg, cross, cross);
                        TensorPrimitives.Multiply(s1, dAg, dZg);
                        TensorPrimitives.MultiplyAdd(tmp, zg, dZg, dZg);
                    }

                    // dz_v += σ''·Σ zg·dAg + (σ''·z_l + σ'''·|∇z|²)·dA_l ;  dz_l = σ'·dA_l
                    TensorPrimitives.MultiplyAdd(s2, cross, dzv, dzv);
                    TensorPrimitives.Multiply(s3, sumSquares, s3);
                    TensorPrimitives.MultiplyAdd(s2, z.AsSpan(zOffset + lrow, n), s3, s3);
                    TensorPrimitives.MultiplyAdd(s3, dAl, dzv, dzv);
                    TensorPrimitives.Multiply(s1, dAl, dZ.AsSpan(dZOffset + lrow, n));
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(scratch);
            }
        });
        return false;
    }

    public static void InputBackward(ChannelLayout layout, Activation activation, int n, int threads, CpuKernelOptions kernels, T[] points, int pointsOffset, T[] w0, int w0Offset, T[] z0, int z0Offset, T[] dA, int dAOffset, T[] dW0, int dW0Offset, T[] db0, int db0Offset)
    {
        int d = layout.Dimension;
        T two = T.One + T.One;
        var (columns, squares) = InputWeights(w0, w0Offset, n, d);

        int workers = ParallelRange.Workers(layout.Points, threads, MinimumPoints(layout, n));
        var partialW = new T[workers][];
        var partialB = new T[workers][];
        ParallelRange.For(layout.Points, threads, MinimumPoints(layout, n), (w, start, end) =>
        {
            var accW = new T[d * n]; // column-major like `columns`
            var accB = new T[n];
            if (kernels.FusedSigmoid && FusedSigmoidKernels<T>.Supports(activation, n))
            {
                FusedSigmoidKernels<T>.InputBackward(kernels.ResolvedIsa, layout, n, start, end, points, pointsOffset, columns, squares, z0, z0Offset, dA, dAOffset, accW, accB);
                partialW[w] = accW;
                partialB[w] = accB;
                return;
            }

            var scratch = ArrayPool<T>.Shared.Rent(7 * n);
            try
            {
                var s0 = scratch.AsSpan(0, n);
                var s1 = scratch.AsSpan(n, n);
                var s2 = scratch.AsSpan(2 * n, n);
                var s3 = scratch.AsSpan(3 * n, n);
                var dzv = scratch.AsSpan(4 * n, n);
                var tmp = scratch.AsSpan(5 * n, n);
                var dzg = scratch.AsSpan(6 * n, n);
                for (int p = start; p < end; p++)
                {
                    bool derivatives = p < layout.DerivativePoints;
                    ActivationDerivatives<T>.Evaluate(activation, z0.AsSpan(z0Offset + (p * n), n), s0, s1, s2, derivatives ? s3 : default);
                    TensorPrimitives.Multiply(s1, dA.AsSpan(dAOffset + (p * n), n), dzv);
                    if (derivatives)
                    {
                        var dAl = dA.AsSpan(dAOffset + ((layout.LaplacianRow + p) * n), n);
                        TensorPrimitives.Multiply(s2, dAl, tmp);
                        TensorPrimitives.Multiply(tmp, two, tmp); // 2σ''·dA_l
                        for (int k = 0; k < d; k++)
                        {
                            var col = columns.AsSpan(k * n, n);
                            var dAg = dA.AsSpan(dAOffset + ((layout.GradientRow(k) + p) * n), n);
                            // dz_v += σ''·W0[:,k]·dA_gk ; dW0[:,k] += σ'·dA_gk + 2σ''·W0[:,k]·dA_l
                            TensorPrimitives.Multiply(s2, dAg, dzg);
                            TensorPrimitives.MultiplyAdd(dzg, col, dzv, dzv);
                            TensorPrimitives.Multiply(s1, dAg, dzg);
                            TensorPrimitives.MultiplyAdd(tmp, col, dzg, dzg);
                            TensorPrimitives.Add(accW.AsSpan(k * n, n), dzg, accW.AsSpan(k * n, n));
                        }

                        // dz_v += σ'''·|W0|²·dA_l (the pre-activation Laplacian of the input layer is zero)
                        TensorPrimitives.Multiply(s3, squares, s3);
                        TensorPrimitives.MultiplyAdd(s3, dAl, dzv, dzv);
                    }

                    TensorPrimitives.Add(accB, dzv, accB);
                    for (int k = 0; k < d; k++)
                    {
                        TensorPrimitives.MultiplyAdd(dzv, points[pointsOffset + (p * d) + k], accW.AsSpan(k * n, n), accW.AsSpan(k * n, n));
                    }
                }
            }
            finally
            {
                ArrayPool<T>.Shared.Return(scratch);
            }

            partialW[w] = accW;
            partialB[w] = accB;
        });

        var sumW = new T[d * n];
        var sumB = new T[n];
        for (int w = 0; w < workers; w++)
        {
            if (partialW[w] is null)
            {
                continue;
            }

            TensorPrimitives.Add(sumW, partialW[w], sumW);
            TensorPrimitives.Add(sumB, partialB[w], sumB);
        }

        for (int j = 0; j < n; j++)
        {
            for (int k = 0; k < d; k++)
            {
                dW0[dW0Offset + (j * d) + k] = sumW[(k * n) + j];
            }
        }

        sumB.CopyTo(db0.AsSpan(db0Offset, n));
    }
}
