using ILGPU;
using ILGPU.Algorithms;
using ILGPU.Runtime;
using Pinn.Core.Compute;
using Pinn.Core.Networks;

namespace Pinn.Gpu;

/// <summary>
/// The input layer's Taylor-mode kernels, the output layer's GEMV and outer product, and Adam's update as ILGPU kernels,
/// with the CPU backend's semantics. Reductions over points (the input layer's weight and bias gradients, transposed
/// GEMV) run one thread per output column and sum in point order, so results are deterministic.
/// </summary>
public sealed class GpuLayerKernels
{
    private readonly Action<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GpuLayerShape> inputForward;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GpuLayerShape> inputBackward;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int> gemv;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int> gemvTransposed;
    private readonly Action<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>> outer;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>> addScalar;
    private readonly Action<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamArguments> adam;

    /// <summary>Compiles the kernels for a device.</summary>
    /// <param name="device">The device.</param>
    public GpuLayerKernels(GpuDevice device)
    {
        ArgumentNullException.ThrowIfNull(device);
        var a = device.Accelerator;
        inputForward = a.LoadAutoGroupedStreamKernel<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GpuLayerShape>(InputForwardKernel);
        inputBackward = a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, GpuLayerShape>(InputBackwardKernel);
        gemv = a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(GemvKernel);
        gemvTransposed = a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, int, int>(GemvTransposedKernel);
        outer = a.LoadAutoGroupedStreamKernel<Index2D, ArrayView<float>, ArrayView<float>, ArrayView<float>>(OuterKernel);
        addScalar = a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>>(AddScalarKernel);
        adam = a.LoadAutoGroupedStreamKernel<Index1D, ArrayView<float>, ArrayView<float>, ArrayView<float>, ArrayView<float>, AdamArguments>(AdamKernel);
    }

    /// <summary>As <see cref="IComputeKernels{T}.InputLayerForward"/>.</summary>
    public void InputLayerForward(ChannelLayout layout, Activation activation, int width, BufferView<float> points, BufferView<float> w0, BufferView<float> b0, BufferView<float> z0, BufferView<float> y1)
    {
        if (layout.Points > 0 && width > 0)
        {
            inputForward(new Index2D(width, layout.Points), GpuBuffer.View(points), GpuBuffer.View(w0), GpuBuffer.View(b0), GpuBuffer.View(z0), GpuBuffer.View(y1), new GpuLayerShape(layout, width, activation));
        }
    }

    /// <summary>As <see cref="IComputeKernels{T}.InputLayerBackward"/>.</summary>
    public void InputLayerBackward(ChannelLayout layout, Activation activation, int width, BufferView<float> points, BufferView<float> w0, BufferView<float> z0, BufferView<float> dA, BufferView<float> dW0, BufferView<float> db0)
    {
        if (width > 0)
        {
            inputBackward(width, GpuBuffer.View(points), GpuBuffer.View(w0), GpuBuffer.View(z0), GpuBuffer.View(dA), GpuBuffer.View(dW0), GpuBuffer.View(db0), new GpuLayerShape(layout, width, activation));
        }
    }

    /// <summary>As <see cref="IComputeKernels{T}.Gemv"/>.</summary>
    public void Gemv(Transpose trans, int rows, int cols, BufferView<float> a, BufferView<float> x, BufferView<float> y)
    {
        if (trans == Transpose.No && rows > 0)
        {
            gemv(rows, GpuBuffer.View(a), GpuBuffer.View(x), GpuBuffer.View(y), rows, cols);
        }
        else if (trans == Transpose.Yes && cols > 0)
        {
            gemvTransposed(cols, GpuBuffer.View(a), GpuBuffer.View(x), GpuBuffer.View(y), rows, cols);
        }
    }

    /// <summary>As <see cref="IComputeKernels{T}.Outer"/>.</summary>
    public void Outer(int rows, int cols, BufferView<float> x, BufferView<float> y, BufferView<float> a)
    {
        if (rows > 0 && cols > 0)
        {
            outer(new Index2D(cols, rows), GpuBuffer.View(x), GpuBuffer.View(y), GpuBuffer.View(a));
        }
    }

    /// <summary>As <see cref="IComputeKernels{T}.AddScalar"/>.</summary>
    public void AddScalar(BufferView<float> scalar, BufferView<float> x)
    {
        if (x.Length > 0)
        {
            addScalar(x.Length, GpuBuffer.View(scalar), GpuBuffer.View(x));
        }
    }

    /// <summary>As <see cref="IOptimizerKernels{T}.AdamUpdate"/>.</summary>
    public void AdamUpdate(BufferView<float> theta, BufferView<float> gradient, BufferView<float> m, BufferView<float> v, double learningRate, double beta1, double beta2, double epsilon, double weightDecay, long step)
    {
        if (theta.Length > 0)
        {
            var args = new AdamArguments((float)learningRate, (float)beta1, (float)beta2, (float)epsilon, (float)weightDecay, (float)(1 - Math.Pow(beta1, step)), (float)(1 - Math.Pow(beta2, step)));
            adam(theta.Length, GpuBuffer.View(theta), GpuBuffer.View(gradient), GpuBuffer.View(m), GpuBuffer.View(v), args);
        }
    }

    internal static void InputForwardKernel(Index2D index, ArrayView<float> x, ArrayView<float> w0, ArrayView<float> b0, ArrayView<float> z0, ArrayView<float> y, GpuLayerShape s)
    {
        int j = index.X, p = index.Y, n = s.Width, d = s.Dimension;
        float z = b0[j], squares = 0;
        for (int k = 0; k < d; k++)
        {
            float w = w0[(j * d) + k];
            z += w * x[(p * d) + k];
            squares += w * w;
        }

        long v = ((long)p * n) + j;
        z0[v] = z;
        GpuTaylorKernels.Derivatives(s.Activation, z, out float s0, out float s1, out float s2, out _);
        y[v] = s0;
        if (p < s.DerivativePoints)
        {
            for (int k = 0; k < d; k++)
            {
                y[((long)s.GradientRow(k, p) * n) + j] = s1 * w0[(j * d) + k];
            }

            y[((long)s.LaplacianRow(p) * n) + j] = s2 * squares;
        }
    }

    internal static void InputBackwardKernel(Index1D j, ArrayView<float> x, ArrayView<float> w0, ArrayView<float> z0, ArrayView<float> dA, ArrayView<float> dW0, ArrayView<float> db0, GpuLayerShape s)
    {
        int n = s.Width, d = s.Dimension;
        float squares = 0;
        for (int k = 0; k < d; k++)
        {
            squares += w0[(j * d) + k] * w0[(j * d) + k];
        }

        for (int k = 0; k < d; k++)
        {
            dW0[(j * d) + k] = 0f;
        }

        float bias = 0;
        for (int p = 0; p < s.Points; p++)
        {
            GpuTaylorKernels.Derivatives(s.Activation, z0[((long)p * n) + j], out _, out float s1, out float s2, out float s3);
            float dzv = s1 * dA[((long)p * n) + j];
            if (p < s.DerivativePoints)
            {
                float dAl = dA[((long)s.LaplacianRow(p) * n) + j];
                for (int k = 0; k < d; k++)
                {
                    float w = w0[(j * d) + k];
                    float dAg = dA[((long)s.GradientRow(k, p) * n) + j];
                    dzv += s2 * dAg * w;
                    dW0[(j * d) + k] += (s1 * dAg) + (2f * s2 * dAl * w);
                }

                dzv += s3 * squares * dAl;
            }

            bias += dzv;
            for (int k = 0; k < d; k++)
            {
                dW0[(j * d) + k] += dzv * x[(p * d) + k];
            }
        }

        db0[j] = bias;
    }

    internal static void GemvKernel(Index1D i, ArrayView<float> a, ArrayView<float> x, ArrayView<float> y, int rows, int cols)
    {
        float sum = 0;
        for (int j = 0; j < cols; j++)
        {
            sum += a[((long)(int)i * cols) + j] * x[j];
        }

        y[i] = sum;
    }

    internal static void GemvTransposedKernel(Index1D j, ArrayView<float> a, ArrayView<float> x, ArrayView<float> y, int rows, int cols)
    {
        float sum = 0;
        for (int i = 0; i < rows; i++)
        {
            sum += a[((long)i * cols) + j] * x[i];
        }

        y[j] = sum;
    }

    internal static void OuterKernel(Index2D index, ArrayView<float> x, ArrayView<float> y, ArrayView<float> a) =>
        a[((long)index.Y * y.IntLength) + index.X] = x[index.Y] * y[index.X];

    internal static void AddScalarKernel(Index1D i, ArrayView<float> scalar, ArrayView<float> x) => x[i] += scalar[0];

    internal static void AdamKernel(Index1D i, ArrayView<float> theta, ArrayView<float> gradient, ArrayView<float> m, ArrayView<float> v, AdamArguments a)
    {
        float g = gradient[i] + (a.WeightDecay * theta[i]);
        float mi = (a.Beta1 * m[i]) + ((1f - a.Beta1) * g);
        float vi = (a.Beta2 * v[i]) + ((1f - a.Beta2) * g * g);
        m[i] = mi;
        v[i] = vi;
        theta[i] -= a.LearningRate * (mi / a.Correction1) / (XMath.Sqrt(vi / a.Correction2) + a.Epsilon);
    }

    /// <summary>Adam's scalar arguments (bias corrections precomputed on the host).</summary>
    internal readonly struct AdamArguments(float learningRate, float beta1, float beta2, float epsilon, float weightDecay, float correction1, float correction2)
    {
        public readonly float LearningRate = learningRate, Beta1 = beta1, Beta2 = beta2, Epsilon = epsilon, WeightDecay = weightDecay, Correction1 = correction1, Correction2 = correction2;
    }
}
