using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using Pinn.Core.Compute;
using Pinn.Core.Networks;

namespace Pinn.Gpu;

/// <summary>
/// The residual layer's Taylor-mode activation as ILGPU kernels, one thread per (point, column), the same maps as the
/// CPU backend: forward y_out = y_in + σ(z) with ∇σ = σ′∇z and ∇²σ = σ′∇²z + σ″|∇z|²; backward the exact adjoint
/// (dZ from dA), and the bias gradient as column sums of dZ's value rows (one thread per column, summed in point order).
/// σ is sigmoid, tanh or sin (<see cref="Activation"/>), with derivatives to third order from <see cref="XMath"/>.
/// </summary>
public sealed class GpuTaylorKernels
{
    private readonly Action<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GpuLayerShape> forward;
    private readonly Action<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, GpuLayerShape> backward;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, int, int> columnSums;

    /// <summary>Compiles the kernels for a device.</summary>
    /// <param name="device">The device.</param>
    public GpuTaylorKernels(GpuDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var accelerator = device.Accelerator;
        forward = accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GpuLayerShape>(ForwardKernel);
        backward = accelerator.LoadAutoGroupedStreamKernel<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, GpuLayerShape>(BackwardKernel);
        columnSums = accelerator.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, int, int>(ColumnSumsKernel);
    }

    /// <summary>Adds the bias to z's value rows (in place), then y_out = y_in + σ(z) in Taylor mode (as <see cref="IComputeKernels{T}.ResidualActivationForward"/>).</summary>
    public void ResidualActivationForward(ChannelLayout layout, Activation activation, int width, BufferView<float> z, BufferView<float> bias, BufferView<float> yIn, BufferView<float> yOut)
    {
        if (layout.Points > 0 && width > 0)
        {
            forward(new Index2D(width, layout.Points), GpuBuffer.View(z), GpuBuffer.View(bias), GpuBuffer.View(yIn), GpuBuffer.View(yOut), new GpuLayerShape(layout, width, activation));
        }
    }

    /// <summary>dZ from dA and the bias gradient Σ over value rows of dZ (as <see cref="IComputeKernels{T}.ResidualActivationBackward"/>).</summary>
    public void ResidualActivationBackward(ChannelLayout layout, Activation activation, int width, BufferView<float> z, BufferView<float> dA, BufferView<float> dZ, BufferView<float> biasGradient)
    {
        if (layout.Points > 0 && width > 0)
        {
            backward(new Index2D(width, layout.Points), GpuBuffer.View(z), GpuBuffer.View(dA), GpuBuffer.View(dZ), new GpuLayerShape(layout, width, activation));
            columnSums(width, GpuBuffer.View(dZ), GpuBuffer.View(biasGradient), layout.Points, width);
        }
    }

    /// <summary>result[j] = Σᵢ A[i, j] over the first <paramref name="rows"/> rows, summed in row order (as <see cref="IComputeKernels{T}.ColumnSums"/>).</summary>
    public void ColumnSums(int rows, int cols, BufferView<float> a, BufferView<float> result)
    {
        if (cols > 0)
        {
            columnSums(cols, GpuBuffer.View(a), GpuBuffer.View(result), rows, cols);
        }
    }

    internal static void ForwardKernel(Index2D index, ArrayView<float> z, ArrayView<float> bias, ArrayView<float> yIn, ArrayView<float> yOut, GpuLayerShape s)
    {
        int j = index.X, p = index.Y, n = s.Width;
        long v = ((long)p * n) + j;
        float zv = z[v] + bias[j];
        z[v] = zv;
        Derivatives(s.Activation, zv, out float s0, out float s1, out float s2, out _);
        yOut[v] = yIn[v] + s0;
        if (p >= s.DerivativePoints)
        {
            return;
        }

        float sumSquares = 0;
        for (int k = 0; k < s.Dimension; k++)
        {
            long g = ((long)s.GradientRow(k, p) * n) + j;
            float zg = z[g];
            sumSquares += zg * zg;
            yOut[g] = yIn[g] + (s1 * zg);
        }

        long l = ((long)s.LaplacianRow(p) * n) + j;
        yOut[l] = yIn[l] + (s1 * z[l]) + (s2 * sumSquares);
    }

    internal static void BackwardKernel(Index2D index, ArrayView<float> z, ArrayView<float> dA, ArrayView<float> dZ, GpuLayerShape s)
    {
        int j = index.X, p = index.Y, n = s.Width;
        long v = ((long)p * n) + j;
        Derivatives(s.Activation, z[v], out _, out float s1, out float s2, out float s3);
        float dzv = s1 * dA[v];
        if (p < s.DerivativePoints)
        {
            long l = ((long)s.LaplacianRow(p) * n) + j;
            float dAl = dA[l];
            float twoS2dAl = 2f * s2 * dAl;
            float sumSquares = 0, cross = 0;
            for (int k = 0; k < s.Dimension; k++)
            {
                long g = ((long)s.GradientRow(k, p) * n) + j;
                float zg = z[g], dAg = dA[g];
                sumSquares += zg * zg;
                cross += zg * dAg;
                dZ[g] = (s1 * dAg) + (twoS2dAl * zg);
            }

            dzv += (s2 * cross) + (((s2 * z[l]) + (s3 * sumSquares)) * dAl);
            dZ[l] = s1 * dAl;
        }

        dZ[v] = dzv;
    }

    internal static void ColumnSumsKernel(Index1D j, ArrayView<float> a, ArrayView<float> result, int rows, int cols)
    {
        float sum = 0;
        for (int r = 0; r < rows; r++)
        {
            sum += a[((long)r * cols) + j];
        }

        result[j] = sum;
    }

    /// <summary>σ and its first three derivatives at z.</summary>
    internal static void Derivatives(int activation, float z, out float s0, out float s1, out float s2, out float s3)
    {
        if (activation == (int)Activation.Sigmoid)
        {
            s0 = 1f / (1f + XMath.Exp(-z));
            s1 = s0 * (1f - s0);
            s2 = s1 * (1f - (2f * s0));
            s3 = s1 * (1f - (6f * s1));
        }
        else if (activation == (int)Activation.Tanh)
        {
            s0 = XMath.Tanh(z);
            float t2 = s0 * s0;
            s1 = 1f - t2;
            s2 = -2f * s0 * s1;
            s3 = s1 * ((4f * t2) - (2f * s1));
        }
        else
        {
            s0 = XMath.Sin(z);
            s1 = XMath.Cos(z);
            s2 = -s0;
            s3 = -s1;
        }
    }
}
