using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.Intrinsics;
using Pinn.Core.Networks;
using Pinn.Core.Problems;
using Pinn.Core.Randomness;

namespace Pinn.Core.Compute.Cpu;

/// <summary>
/// The CPU backend: our SIMD GEMM (<see cref="CpuGemm{T}"/>), the Taylor-mode kernels, and vector operations on
/// host arrays, multithreaded over rows. Holds no numeric state; its settings are the thread count, the kernel
/// choices (<see cref="CpuKernelOptions"/>) and the profiler it reports phases to.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class CpuBackend<T> : IComputeBackend<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Creates the backend.</summary>
    /// <param name="threads">Worker threads; 0 means one per processor.</param>
    /// <param name="kernels">Kernel choices (default: every fast path).</param>
    /// <param name="profiler">Where phases are timed (default: nowhere).</param>
    public CpuBackend(int threads = 0, CpuKernelOptions? kernels = null, PhaseProfiler? profiler = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threads);
        Threads = threads == 0 ? Environment.ProcessorCount : threads;
        Kernels = (kernels ?? CpuKernelOptions.Default).Validate();
        Profiler = profiler ?? PhaseProfiler.Disabled;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Always side by side when there are ≥ 2 pieces and ≥ 2 threads (so <c>Lanes(int.MaxValue)</c> is the most lanes
    /// there can be): one member or chunk per core, chunks cut so that they stay in that core's L2
    /// (<see cref="Loss.PinnLoss{T}.LaneChunkCells"/>). Lanes beat splitting each product between threads at every
    /// scale, and chunked lanes beat whole batches on lanes (two members' activations then compete for the shared
    /// cache); the measurements on each CPU are in benchmarks/measurement-log.md.
    /// </remarks>
    public int Lanes(int items) => items >= 2 && Threads >= 2 ? Math.Min(items, Threads) : 1;

    /// <inheritdoc />
    public IComputeBackend<T> CreateMemberBackend() => new CpuBackend<T>(1, Kernels, Profiler);

    /// <summary>The kernel choices.</summary>
    public CpuKernelOptions Kernels { get; }

    /// <inheritdoc />
    public PhaseProfiler Profiler { get; }

    /// <summary>Worker threads.</summary>
    public int Threads { get; }

    /// <inheritdoc />
    public string Name => $"cpu ({Threads} threads, {CpuIsas.Name(Kernels.ResolvedIsa)}, {(typeof(T) == typeof(float) ? "f32" : "f64")})";

    private static int MinimumRows(int cols) => Math.Max(64, (1 << 16) / Math.Max(1, cols));

    private static T[] A(BufferView<T> v) => ((CpuBuffer<T>)v.Buffer).Array;

    private static Span<T> S(BufferView<T> v) => A(v).AsSpan(v.Offset, v.Length);

    private static T Cast(double x) => T.CreateTruncating(x);

    /// <inheritdoc />
    public DeviceBuffer<T> Allocate(int length) => new CpuBuffer<T>(length);

    /// <inheritdoc />
    public void Upload(ReadOnlySpan<double> source, BufferView<T> destination)
    {
        var d = S(destination);
        for (int i = 0; i < d.Length; i++)
        {
            d[i] = Cast(source[i]);
        }
    }

    /// <inheritdoc />
    public void Download(BufferView<T> source, Span<double> destination)
    {
        var s = S(source);
        for (int i = 0; i < s.Length; i++)
        {
            destination[i] = double.CreateTruncating(s[i]);
        }
    }

    /// <inheritdoc />
    public void Gemm(Transpose transA, Transpose transB, int m, int n, int k, double alpha, BufferView<T> a, int lda, BufferView<T> b, int ldb, double beta, BufferView<T> c, int ldc) =>
        CpuGemm<T>.Multiply(transA, transB, m, n, k, Cast(alpha), A(a), a.Offset, lda, A(b), b.Offset, ldb, Cast(beta), A(c), c.Offset, ldc, Threads, Kernels.InPlaceB, Kernels.ResolvedIsa);

    /// <inheritdoc />
    public void Gemv(Transpose trans, int rows, int cols, BufferView<T> a, BufferView<T> x, BufferView<T> y)
    {
        var aa = A(a);
        var xa = A(x);
        var ya = A(y);
        if (trans == Transpose.No)
        {
            ParallelRange.For(rows, Threads, MinimumRows(cols), (_, start, end) => RowKernels<T>.Dots(start, end, cols, aa, a.Offset, xa, x.Offset, ya, y.Offset));
            return;
        }

        SumRows(rows, cols, S(y), aa, a.Offset, xa, x.Offset);
    }

    /// <inheritdoc />
    public void Outer(int rows, int cols, BufferView<T> x, BufferView<T> y, BufferView<T> a)
    {
        var aa = A(a);
        var xa = A(x);
        var ya = A(y);
        ParallelRange.For(rows, Threads, MinimumRows(cols), (_, start, end) => RowKernels<T>.Outer(start, end, cols, xa, x.Offset, ya, y.Offset, aa, a.Offset));
    }

    /// <inheritdoc />
    public void InputLayerForward(ChannelLayout layout, Activation activation, int width, BufferView<T> points, BufferView<T> w0, BufferView<T> b0, BufferView<T> z0, BufferView<T> y1) =>
        TaylorKernels<T>.InputForward(layout, activation, width, Threads, Kernels, A(points), points.Offset, A(w0), w0.Offset, A(b0), b0.Offset, A(z0), z0.Offset, A(y1), y1.Offset);

    /// <inheritdoc />
    public void ResidualActivationForward(ChannelLayout layout, Activation activation, int width, BufferView<T> z, BufferView<T> bias, BufferView<T> yIn, BufferView<T> yOut) =>
        TaylorKernels<T>.ResidualForward(layout, activation, width, Threads, Kernels, A(z), z.Offset, A(bias), bias.Offset, A(yIn), yIn.Offset, A(yOut), yOut.Offset);

    /// <inheritdoc />
    public void ResidualActivationBackward(ChannelLayout layout, Activation activation, int width, BufferView<T> z, BufferView<T> dA, BufferView<T> dZ, BufferView<T> biasGradient)
    {
        if (TaylorKernels<T>.ResidualBackward(layout, activation, width, Threads, Kernels, A(z), z.Offset, A(dA), dA.Offset, A(dZ), dZ.Offset, S(biasGradient)))
        {
            return;
        }

        ColumnSums(layout.Points, width, dZ, biasGradient);
    }

    /// <inheritdoc />
    public void InputLayerBackward(ChannelLayout layout, Activation activation, int width, BufferView<T> points, BufferView<T> w0, BufferView<T> z0, BufferView<T> dA, BufferView<T> dW0, BufferView<T> db0) =>
        TaylorKernels<T>.InputBackward(layout, activation, width, Threads, Kernels, A(points), points.Offset, A(w0), w0.Offset, A(z0), z0.Offset, A(dA), dA.Offset, A(dW0), dW0.Offset, A(db0), db0.Offset);

    /// <inheritdoc />
    public void LayerJacobian(ChannelLayout layout, int outputs, int inputs, BufferView<T> dZ, BufferView<T> y, BufferView<T> jacobian, int ldj, int weightColumn, int biasColumn)
    {
        var dz = A(dZ);
        var ya = A(y);
        var j = A(jacobian);
        int channels = layout.Dimension + 2;
        ParallelRange.For(layout.Points, Threads, Math.Max(1, (1 << 14) / Math.Max(1, outputs * inputs)), (_, start, end) =>
        {
            Span<int> rows = stackalloc int[channels];
            for (int p = start; p < end; p++)
            {
                int count = 1;
                rows[0] = p;
                if (p < layout.DerivativePoints)
                {
                    for (int k = 0; k < layout.Dimension; k++)
                    {
                        rows[count++] = layout.GradientRow(k) + p;
                    }

                    rows[count++] = layout.LaplacianRow + p;
                }

                int rowStart = jacobian.Offset + (p * ldj);
                LayerJacobianRows<T>.Write(rows[..count], outputs, inputs, dz, dZ.Offset, ya, y.Offset, j.AsSpan(rowStart + weightColumn, outputs * inputs));

                if (biasColumn >= 0)
                {
                    dz.AsSpan(dZ.Offset + (p * outputs), outputs).CopyTo(j.AsSpan(rowStart + biasColumn, outputs));
                }
            }
        });
    }

    /// <inheritdoc />
    public void ColumnSums(int rows, int cols, BufferView<T> a, BufferView<T> result)
    {
        SumRows(rows, cols, S(result), A(a), a.Offset, null, 0);
    }

    /// <summary>
    /// result = Σᵢ wᵢ·row(i) over [0, rows) (Σᵢ row(i) without weights), with one accumulator per worker summed in worker
    /// order (deterministic for a thread count).
    /// </summary>
    private void SumRows(int rows, int cols, Span<T> result, T[] a, int aOffset, T[]? weights, int weightsOffset)
    {
        int workers = ParallelRange.Workers(rows, Threads, MinimumRows(cols));
        var partials = new T[workers][];
        ParallelRange.For(rows, Threads, MinimumRows(cols), (w, start, end) =>
        {
            var acc = new T[cols];
            RowKernels<T>.AccumulateRows(start, end, cols, a, aOffset, weights, weightsOffset, acc);
            partials[w] = acc;
        });
        result.Clear();
        foreach (var p in partials)
        {
            if (p is not null)
            {
                TensorPrimitives.Add(result, p, result);
            }
        }
    }

    /// <inheritdoc />
    public IResidualKernel<T> CompileResidual(ResidualForm form) => new CpuResidualKernel<T>(form);

    /// <inheritdoc />
    public LossBreakdown PoissonLoss(IResidualKernel<T> kernel, ChannelLayout layout, int interiorPoints, int residualPoints, double boundaryWeight, int residualTotal, int boundaryTotal, BufferView<T> u, BufferView<T> source, BufferView<T> boundary, BufferView<T> seed, BufferView<T> points)
    {
        var residualKernel = (CpuResidualKernel<T>)kernel;
        var compiled = residualKernel.Compiled;
        int d = residualKernel.Dimension;
        var x = residualKernel.UsesPoint ? new double[d] : [];
        var xa = S(points);
        var ua = S(u);
        var f = S(source);
        var g = S(boundary);
        var s = S(seed);
        s.Clear();
        int lap = layout.LaplacianRow;
        double sumR2 = 0, sumAbsR = 0, maxAbsR = 0;
        double scaleR = residualTotal > 0 ? 2.0 / residualTotal : 0;
        for (int p = 0; p < residualPoints; p++)
        {
            double value = double.CreateTruncating(ua[p]);
            for (int i = 0; i < x.Length; i++)
            {
                x[i] = double.CreateTruncating(xa[(p * d) + i]);
            }

            double r = -double.CreateTruncating(ua[lap + p]) + compiled.Nonlinearity.Evaluate(x, 0, value) - double.CreateTruncating(f[p]);
            sumR2 += r * r;
            double abs = Math.Abs(r);
            sumAbsR += abs;
            maxAbsR = double.IsNaN(abs) ? double.NaN : Math.Max(maxAbsR, abs);
            s[p] = Cast(scaleR * r * compiled.NonlinearityDerivative.Evaluate(x, 0, value));
            s[lap + p] = Cast(-scaleR * r);
        }

        int boundaryPoints = layout.Points - interiorPoints;
        double sumB2 = 0, sumAbsB = 0;
        double scaleB = boundaryTotal > 0 ? 2.0 * boundaryWeight / boundaryTotal : 0;
        for (int q = 0; q < boundaryPoints; q++)
        {
            int p = interiorPoints + q;
            double b = double.CreateTruncating(ua[p]) - double.CreateTruncating(g[q]);
            sumB2 += b * b;
            sumAbsB += Math.Abs(b);
            s[p] = Cast(double.CreateTruncating(s[p]) + (scaleB * b));
        }

        double residual = residualTotal > 0 ? sumR2 / residualTotal : 0;
        double boundaryLoss = boundaryTotal > 0 ? sumB2 / boundaryTotal : 0;
        return new LossBreakdown(
            residual + (boundaryWeight * boundaryLoss),
            residual,
            boundaryLoss,
            0,
            residualTotal > 0 ? sumAbsR / residualTotal : 0,
            maxAbsR,
            boundaryTotal > 0 ? sumAbsB / boundaryTotal : 0);
    }

    /// <inheritdoc />
    public void Axpy(double alpha, BufferView<T> x, BufferView<T> y) => TensorPrimitives.MultiplyAdd(S(x), Cast(alpha), S(y), S(y));

    /// <inheritdoc />
    public void AddScalar(BufferView<T> scalar, BufferView<T> x) => TensorPrimitives.Add(S(x), S(scalar)[0], S(x));

    /// <inheritdoc />
    public void Shift(BufferView<T> x, double value) => TensorPrimitives.Add(S(x), Cast(value), S(x));

    /// <inheritdoc />
    public void AdamUpdate(BufferView<T> theta, BufferView<T> gradient, BufferView<T> m, BufferView<T> v, double learningRate, double beta1, double beta2, double epsilon, double weightDecay, long step)
    {
        var t = S(theta);
        var g = S(gradient);
        var ms = S(m);
        var vs = S(v);
        double c1 = 1 - Math.Pow(beta1, step), c2 = 1 - Math.Pow(beta2, step);
        for (int i = 0; i < t.Length; i++)
        {
            double gi = double.CreateTruncating(g[i]) + (weightDecay * double.CreateTruncating(t[i]));
            double mi = (beta1 * double.CreateTruncating(ms[i])) + ((1 - beta1) * gi);
            double vi = (beta2 * double.CreateTruncating(vs[i])) + ((1 - beta2) * gi * gi);
            ms[i] = Cast(mi);
            vs[i] = Cast(vi);
            t[i] = Cast(double.CreateTruncating(t[i]) - (learningRate * (mi / c1) / (Math.Sqrt(vi / c2) + epsilon)));
        }
    }

    /// <inheritdoc />
    public void Scale(double alpha, BufferView<T> x) => TensorPrimitives.Multiply(S(x), Cast(alpha), S(x));

    /// <inheritdoc />
    public double Dot(BufferView<T> x, BufferView<T> y)
    {
        var xs = S(x);
        var ys = S(y);
        if (typeof(T) == typeof(double))
        {
            return double.CreateTruncating(TensorPrimitives.Dot(xs, ys));
        }

        // float: accumulate in double, blockwise, so long vectors do not lose digits.
        double sum = 0;
        const int block = 1024;
        for (int i = 0; i < xs.Length; i += block)
        {
            int len = Math.Min(block, xs.Length - i);
            sum += double.CreateTruncating(TensorPrimitives.Dot(xs.Slice(i, len), ys.Slice(i, len)));
        }

        return sum;
    }

    /// <inheritdoc />
    public void Copy(BufferView<T> source, BufferView<T> destination) => S(source).CopyTo(S(destination));

    /// <inheritdoc />
    public void Fill(BufferView<T> x, double value) => S(x).Fill(Cast(value));

    /// <inheritdoc />
    public void FillUniform(BufferView<T> x, IRandomSource random)
    {
        var values = new double[x.Length];
        random.FillUniform(values);
        Upload(values, x);
    }

    /// <inheritdoc />
    public bool AllFinite(BufferView<T> x)
    {
        foreach (var v in S(x))
        {
            if (!T.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }
}
