using ILGPU;
using ILGPU.Runtime;
using Pinn.Core.Compute;
using Pinn.Core.Networks;
using Pinn.Core.Problems;

namespace Pinn.Gpu;

/// <summary>
/// The loss kernel of −∇²u + N(u) = f, u = g as an ILGPU kernel, with the semantics of the CPU backend's
/// <see cref="ILossKernels{T}.PoissonLoss"/>: R = −∇²u + N(u) − f on the residual points, B = u − g on the boundary
/// points, the seeds ∂V/∂(value, Laplacian channels), and the sums in double per group, added on the host in group
/// order (deterministic). N and N′ run as <see cref="GpuExprProgram"/>s, so any problem written with the expression
/// API runs without code generation.
/// </summary>
public sealed class GpuPoissonLoss : IDisposable
{
    private const int GroupSize = 64;
    private const int Groups = 64;
    private const int Quantities = 6; // Σ R², Σ |R|, max |R|, Σ B², Σ |B|, unused

    private readonly Action<KernelConfig, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<double>, LossShape> kernel;
    private readonly int dimension;
    private readonly Action<Index1D, ArrayView<float>, float> fill;
    private readonly MemoryBuffer1D<int, Stride1D.Dense> nCode, dnCode;
    private readonly MemoryBuffer1D<float, Stride1D.Dense> nConstants, dnConstants;
    private readonly Accelerator accelerator;
    private MemoryBuffer1D<double, Stride1D.Dense> partials;

    /// <summary>Compiles a problem's residual for a device.</summary>
    /// <param name="device">The device.</param>
    /// <param name="form">The problem's residual form (N and N′ in u and its parameters).</param>
    /// <exception cref="NotSupportedException">N uses something the GPU route cannot evaluate (the message says what).</exception>
    public GpuPoissonLoss(GpuDevice device, ResidualForm form)
    {
        ArgumentNullException.ThrowIfNull(device);
        ArgumentNullException.ThrowIfNull(form);
        var n = GpuExprProgram.Compile(form.Nonlinearity, form.Parameters);
        var dn = GpuExprProgram.Compile(form.NonlinearityDerivative, form.Parameters);
        accelerator = device.Accelerator;
        nCode = accelerator.Allocate1D(n.Code);
        nConstants = accelerator.Allocate1D(n.Constants.Length == 0 ? [0f] : n.Constants);
        dnCode = accelerator.Allocate1D(dn.Code);
        dnConstants = accelerator.Allocate1D(dn.Constants.Length == 0 ? [0f] : dn.Constants);
        partials = accelerator.Allocate1D<double>(Groups * Quantities);
        kernel = accelerator.LoadStreamKernel<ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<int>, ArrayView<float>, ArrayView<double>, LossShape>(LossKernel);
        dimension = form.Dimension;
        fill = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, float>(GpuVectorKernels.FillKernel);
    }

    /// <summary>The loss and the seeds of one batch (as <see cref="ILossKernels{T}.PoissonLoss"/>; the seed is overwritten).</summary>
    public LossBreakdown Evaluate(ChannelLayout layout, int interiorPoints, int residualPoints, double boundaryWeight, int residualTotal, int boundaryTotal, BufferView<float> u, BufferView<float> source, BufferView<float> boundary, BufferView<float> seed, BufferView<float> points)
    {
        var parts = new LossBreakdown[1];
        EvaluateBatched(1, layout, interiorPoints, residualPoints, boundaryWeight, residualTotal, boundaryTotal, u, 0, source, boundary, seed, 0, parts, points);
        return parts[0];
    }

    /// <summary>
    /// The loss and the seeds of <paramref name="count"/> members on the same points in one launch (as
    /// <see cref="ILossKernels{T}.PoissonLossBatched"/>): member i's outputs at i·<paramref name="uStride"/>, its seed at
    /// i·<paramref name="seedStride"/> (its first <see cref="ChannelLayout.Rows"/> entries overwritten).
    /// </summary>
    public void EvaluateBatched(int count, ChannelLayout layout, int interiorPoints, int residualPoints, double boundaryWeight, int residualTotal, int boundaryTotal, BufferView<float> u, int uStride, BufferView<float> source, BufferView<float> boundary, BufferView<float> seed, int seedStride, Span<LossBreakdown> parts, BufferView<float> points)
    {
        if (count <= 0)
        {
            return;
        }

        var seedView = GpuBuffer.View(seed);
        if (seed.Length > 0)
        {
            fill(seed.Length, seedView, 0f);
        }

        if (partials.Length < (long)count * Groups * Quantities)
        {
            partials.Dispose();
            partials = accelerator.Allocate1D<double>((long)count * Groups * Quantities);
        }

        double scaleR = residualTotal > 0 ? 2.0 / residualTotal : 0;
        double scaleB = boundaryTotal > 0 ? 2.0 * boundaryWeight / boundaryTotal : 0;
        var shape = new LossShape(layout.Points, layout.LaplacianRow, interiorPoints, residualPoints, (float)scaleR, (float)scaleB, uStride, seedStride, dimension);
        kernel(new KernelConfig(new Index2D(Groups, count), new Index2D(GroupSize, 1)), GpuBuffer.View(u), GpuBuffer.View(source), GpuBuffer.View(boundary), GpuBuffer.View(points), seedView, nCode.View, nConstants.View, dnCode.View, dnConstants.View, partials.View, shape);
        var host = partials.View.SubView(0, (long)count * Groups * Quantities).GetAsArray1D();
        for (int i = 0; i < count; i++)
        {
            int o = i * Groups * Quantities;
            double sumR2 = 0, sumAbsR = 0, maxAbsR = 0, sumB2 = 0, sumAbsB = 0;
            for (int g = 0; g < Groups; g++)
            {
                sumR2 += host[o + g];
                sumAbsR += host[o + Groups + g];
                maxAbsR = double.IsNaN(host[o + (2 * Groups) + g]) ? double.NaN : Math.Max(maxAbsR, host[o + (2 * Groups) + g]);
                sumB2 += host[o + (3 * Groups) + g];
                sumAbsB += host[o + (4 * Groups) + g];
            }

            double residual = residualTotal > 0 ? sumR2 / residualTotal : 0;
            double boundaryLoss = boundaryTotal > 0 ? sumB2 / boundaryTotal : 0;
            parts[i] = new LossBreakdown(residual + (boundaryWeight * boundaryLoss), residual, boundaryLoss, 0, residualTotal > 0 ? sumAbsR / residualTotal : 0, maxAbsR, boundaryTotal > 0 ? sumAbsB / boundaryTotal : 0);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        nCode.Dispose();
        nConstants.Dispose();
        dnCode.Dispose();
        dnConstants.Dispose();
        partials.Dispose();
    }

    internal static void LossKernel(ArrayView<float> u, ArrayView<float> f, ArrayView<float> g, ArrayView<float> x, ArrayView<float> seed, ArrayView<int> nCode, ArrayView<float> nConstants, ArrayView<int> dnCode, ArrayView<float> dnConstants, ArrayView<double> partial, LossShape s)
    {
        var stack = new GpuExprProgram.ViewStack(LocalMemory.Allocate<float>(GpuExprProgram.MaximumStack));
        var shared = SharedMemory.Allocate<double>(GroupSize * 5);
        double r2 = 0, absR = 0, maxR = 0, b2 = 0, absB = 0;
        int member = Grid.IdxY;
        u = u.SubView((long)member * s.UStride);
        seed = seed.SubView((long)member * s.SeedStride);
        for (int p = (Grid.IdxX * GroupSize) + Group.IdxX; p < s.Points; p += Groups * GroupSize)
        {
            float value = u[p];
            float valueSeed = 0f;
            if (p < s.ResidualPoints)
            {
                var point = new GpuExprProgram.ViewPoint(x, p * s.Dimension, s.Dimension);
                float n = GpuExprProgram.Run(new GpuExprProgram.ViewProgram(nCode, nConstants), stack, value, point);
                float dn = GpuExprProgram.Run(new GpuExprProgram.ViewProgram(dnCode, dnConstants), stack, value, point);
                double r = -(double)u[s.LaplacianRow + p] + n - f[p];
                double a = r < 0 ? -r : r;
                r2 += r * r;
                absR += a;
                maxR = double.IsNaN(a) || double.IsNaN(maxR) ? double.NaN : (a > maxR ? a : maxR);
                valueSeed = (float)(s.ScaleR * r * dn);
                seed[s.LaplacianRow + p] = (float)(-s.ScaleR * r);
            }

            if (p >= s.InteriorPoints)
            {
                double b = (double)value - g[p - s.InteriorPoints];
                b2 += b * b;
                absB += b < 0 ? -b : b;
                valueSeed += (float)(s.ScaleB * b);
            }

            seed[p] = valueSeed;
        }

        int t = Group.IdxX;
        shared[t] = r2;
        shared[GroupSize + t] = absR;
        shared[(2 * GroupSize) + t] = maxR;
        shared[(3 * GroupSize) + t] = b2;
        shared[(4 * GroupSize) + t] = absB;
        Group.Barrier();
        for (int offset = GroupSize / 2; offset > 0; offset /= 2)
        {
            if (t < offset)
            {
                shared[t] += shared[t + offset];
                shared[GroupSize + t] += shared[GroupSize + t + offset];
                double m = shared[(2 * GroupSize) + t], o = shared[(2 * GroupSize) + t + offset];
                shared[(2 * GroupSize) + t] = double.IsNaN(m) || double.IsNaN(o) ? double.NaN : (o > m ? o : m);
                shared[(3 * GroupSize) + t] += shared[(3 * GroupSize) + t + offset];
                shared[(4 * GroupSize) + t] += shared[(4 * GroupSize) + t + offset];
            }

            Group.Barrier();
        }

        if (t == 0)
        {
            for (int q = 0; q < 5; q++)
            {
                partial[(member * Groups * Quantities) + (q * Groups) + Grid.IdxX] = shared[q * GroupSize];
            }
        }
    }

    /// <summary>The kernel's scalar arguments.</summary>
    internal readonly struct LossShape(int points, int laplacianRow, int interiorPoints, int residualPoints, float scaleR, float scaleB, int uStride, int seedStride, int dimension)
    {
        public readonly int Points = points, LaplacianRow = laplacianRow, InteriorPoints = interiorPoints, ResidualPoints = residualPoints, UStride = uStride, SeedStride = seedStride, Dimension = dimension;
        public readonly float ScaleR = scaleR, ScaleB = scaleB;
    }
}
