using System.Numerics;
using Pinn.Core.Compute;

namespace Pinn.Core.Networks;

/// <summary>
/// Runs the residual network in Taylor mode on a backend: for every point of a batch, u, ∇u and ∇²u in one
/// forward pass (each residual layer is one GEMM over the stacked channels), and the exact reverse pass
/// ∂V/∂θ given ∂V/∂u per channel row. Owns its workspace (activations of every layer are kept for the reverse
/// pass); not thread-safe; reusable across parameter vectors (ensemble members share one instance).
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class TaylorNetwork<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly IComputeBackend<T> backend;
    private readonly DeviceBuffer<T> z0;
    private readonly DeviceBuffer<T>[] y;
    private readonly DeviceBuffer<T>[] z;
    private readonly DeviceBuffer<T> dY;
    private readonly DeviceBuffer<T> dZ;
    private BufferView<T> lastTheta;
    private JacobianWorkspace? jacobianWorkspace;

    /// <summary>Allocates the workspace.</summary>
    /// <param name="backend">Where to compute.</param>
    /// <param name="shape">The network.</param>
    /// <param name="layout">The channel layout of the batch.</param>
    public TaylorNetwork(IComputeBackend<T> backend, ResidualNetworkShape shape, ChannelLayout layout)
    {
        this.backend = backend;
        Shape = shape.Validate();
        if (layout.Dimension != shape.InputDimension)
        {
            throw new ArgumentException($"The layout has dimension {layout.Dimension} but the network takes {shape.InputDimension} inputs.", nameof(layout));
        }

        Layout = layout;
        int n = shape.Width;
        long cells = (long)layout.Rows * n;
        if (cells > int.MaxValue)
        {
            throw new ArgumentException($"The batch needs {cells} activations per layer, more than one buffer can hold; use fewer points or a narrower network.", nameof(layout));
        }

        z0 = backend.Allocate(layout.Points * n);
        y = new DeviceBuffer<T>[shape.Depth + 1];
        z = new DeviceBuffer<T>[shape.Depth + 1];
        for (int s = 0; s <= shape.Depth; s++)
        {
            y[s] = backend.Allocate((int)cells);
            if (s > 0)
            {
                z[s] = backend.Allocate((int)cells);
            }
        }

        dY = backend.Allocate((int)cells);
        dZ = backend.Allocate((int)cells);
        Output = backend.Allocate(layout.Rows);
    }

    private TaylorNetwork(TaylorNetwork<T> source, IComputeBackend<T> backend)
    {
        this.backend = backend;
        Shape = source.Shape;
        Layout = source.Layout;
        z0 = source.z0;
        y = source.y;
        z = source.z;
        dY = source.dY;
        dZ = source.dZ;
        Output = source.Output;
    }

    /// <summary>The network shape.</summary>
    public ResidualNetworkShape Shape { get; }

    /// <summary>The channel layout.</summary>
    public ChannelLayout Layout { get; }

    /// <summary>The outputs after <see cref="Forward"/>: row i is channel row i of u (value, ∂u/∂x_k, ∇²u).</summary>
    public DeviceBuffer<T> Output { get; }

    /// <summary>
    /// The same network and workspace, computed on another backend whose buffers are interchangeable with this one's
    /// (a single-threaded lane of the same CPU: <see cref="IComputeRuntime{T}.CreateMemberBackend"/>). The two share
    /// the activations, so only one of them may run at a time.
    /// </summary>
    /// <param name="lane">The backend to compute on.</param>
    /// <returns>A network that computes on <paramref name="lane"/>.</returns>
    internal TaylorNetwork<T> On(IComputeBackend<T> lane) => new(this, lane);

    /// <summary>Multiply–add count of the GEMMs of one forward pass (for GFLOP/s reports, 2 flops each).</summary>
    public long ForwardGemmFlops => 2L * Layout.Rows * Shape.Width * Shape.Width * Shape.Depth;

    /// <summary>Forward pass for the points (row-major, d per point, on the backend).</summary>
    /// <param name="theta">The flat parameters.</param>
    /// <param name="points">The batch, <see cref="ChannelLayout.Points"/> × d.</param>
    public void Forward(BufferView<T> theta, BufferView<T> points)
    {
        var shape = Shape;
        int n = shape.Width, rows = Layout.Rows;
        lastTheta = theta;
        long t = backend.Profiler.Start();
        backend.InputLayerForward(Layout, shape.Activation, n, points, theta.Slice(shape.WeightOffset(0), n * shape.InputDimension), theta.Slice(shape.BiasOffset(0), n), z0.All, y[0].All);
        for (int s = 1; s <= shape.Depth; s++)
        {
            var w = theta.Slice(shape.WeightOffset(s), n * n);
            backend.Profiler.Stop(StepPhase.ForwardPointwise, t);
            t = backend.Profiler.Start();
            backend.Gemm(Transpose.No, Transpose.Yes, rows, n, n, 1, y[s - 1].All, n, w, n, 0, z[s].All, n);
            backend.Profiler.Stop(StepPhase.ForwardGemm, t);
            t = backend.Profiler.Start();
            backend.ResidualActivationForward(Layout, shape.Activation, n, z[s].All, theta.Slice(shape.BiasOffset(s), n), y[s - 1].All, y[s].All);
        }

        backend.Profiler.Stop(StepPhase.ForwardPointwise, t);
        t = backend.Profiler.Start();

        backend.Gemv(Transpose.No, rows, n, y[shape.Depth].All, theta.Slice(shape.OutputWeightOffset, n), Output.All);
        // The output bias shifts values only; derivative channels are unaffected.
        backend.AddScalar(theta.Slice(shape.OutputBiasOffset, 1), Output.Slice(0, Layout.Points));
        backend.Profiler.Stop(StepPhase.OutputLayer, t);
    }

    /// <summary>
    /// Per-point Jacobian after <see cref="Forward"/>: row p of <paramref name="jacobian"/> receives ∂ρ_p/∂θ for the
    /// scalar ρ_p = Σ over p's channel rows c of seed[c]·output[c]. The reverse pass is separable over points (every
    /// kernel couples only the channel rows of one point; only the weight-gradient products sum over points), so one
    /// pass with every point's seed at once gives every point's adjoints, and each layer's block of row p is
    /// Σ_c dZ[c]ᵀ·y[c] over p's channel rows (<see cref="IComputeKernels{T}.LayerJacobian"/>). Summing the rows gives
    /// exactly what <see cref="Backward"/> returns for the same seed.
    /// </summary>
    /// <param name="seed">Per channel row, the weight of that output in its point's ρ_p.</param>
    /// <param name="points">The same batch as the forward pass.</param>
    /// <param name="jacobian">Points × ParameterCount, row-major (overwritten).</param>
    public void Jacobian(BufferView<T> seed, BufferView<T> points, BufferView<T> jacobian)
    {
        var shape = Shape;
        var theta = lastTheta;
        int n = shape.Width, rows = Layout.Rows, depth = shape.Depth, d = shape.InputDimension, ld = shape.ParameterCount;
        var work = jacobianWorkspace ??= new JacobianWorkspace(backend, Layout, n);
        backend.LayerJacobian(Layout, 1, n, seed, y[depth].All, jacobian, ld, shape.OutputWeightOffset, shape.OutputBiasOffset);
        backend.Outer(rows, n, seed, theta.Slice(shape.OutputWeightOffset, n), dY.All);
        for (int s = depth; s >= 1; s--)
        {
            backend.ResidualActivationBackward(Layout, shape.Activation, n, z[s].All, dY.All, dZ.All, work.Bias.All);
            backend.LayerJacobian(Layout, n, n, dZ.All, y[s - 1].All, jacobian, ld, shape.WeightOffset(s), shape.BiasOffset(s));
            backend.Gemm(Transpose.No, Transpose.No, rows, n, n, 1, dZ.All, n, theta.Slice(shape.WeightOffset(s), n * n), n, 1, dY.All, n);
        }

        // The input layer is the same Taylor-mode activation of z₀ = W₀x + b₀, whose channels are (z₀, W₀e_k, 0);
        // the inputs' channels are (x, e_k, 0).
        var host = work.Host;
        var w0 = new double[n * d];
        backend.Download(theta.Slice(shape.WeightOffset(0), n * d), w0);
        var x = new double[Layout.Points * d];
        backend.Download(points.Slice(0, Layout.Points * d), x);
        Array.Clear(host);
        backend.Download(z0.Slice(0, Layout.Points * n), host.AsSpan(0, Layout.Points * n));
        var inputs = new double[rows * d];
        x.CopyTo(inputs, 0);
        for (int p = 0; p < Layout.DerivativePoints; p++)
        {
            for (int k = 0; k < d; k++)
            {
                int row = Layout.GradientRow(k) + p;
                for (int j = 0; j < n; j++)
                {
                    host[(row * n) + j] = w0[(j * d) + k];
                }

                inputs[(row * d) + k] = 1;
            }
        }

        backend.Upload(host, work.Z0.All);
        backend.Upload(inputs, work.Inputs.All);
        backend.ResidualActivationBackward(Layout, shape.Activation, n, work.Z0.All, dY.All, dZ.All, work.Bias.All);
        backend.LayerJacobian(Layout, n, d, dZ.All, work.Inputs.All, jacobian, ld, shape.WeightOffset(0), shape.BiasOffset(0));
    }

    /// <summary>Buffers only the Jacobian needs, allocated on its first use.</summary>
    private sealed class JacobianWorkspace(IComputeBackend<T> backend, ChannelLayout layout, int width)
    {
        public DeviceBuffer<T> Z0 { get; } = backend.Allocate(layout.Rows * width);

        public DeviceBuffer<T> Inputs { get; } = backend.Allocate(layout.Rows * layout.Dimension);

        public DeviceBuffer<T> Bias { get; } = backend.Allocate(width);

        public double[] Host { get; } = new double[layout.Rows * width];
    }

    /// <summary>Reverse pass after <see cref="Forward"/>: writes ∂V/∂θ (overwriting) given ∂V/∂(output row).</summary>
    /// <param name="seed">∂V/∂u for every channel row.</param>
    /// <param name="points">The same batch as the forward pass.</param>
    /// <param name="gradient">Receives ∂V/∂θ.</param>
    public void Backward(BufferView<T> seed, BufferView<T> points, BufferView<T> gradient)
    {
        var shape = Shape;
        var theta = lastTheta;
        int n = shape.Width, rows = Layout.Rows, depth = shape.Depth;
        long t = backend.Profiler.Start();
        backend.ColumnSums(Layout.Points, 1, seed, gradient.Slice(shape.OutputBiasOffset, 1));
        backend.Gemv(Transpose.Yes, rows, n, y[depth].All, seed, gradient.Slice(shape.OutputWeightOffset, n));
        backend.Outer(rows, n, seed, theta.Slice(shape.OutputWeightOffset, n), dY.All);
        backend.Profiler.Stop(StepPhase.OutputLayer, t);
        for (int s = depth; s >= 1; s--)
        {
            t = backend.Profiler.Start();
            backend.ResidualActivationBackward(Layout, shape.Activation, n, z[s].All, dY.All, dZ.All, gradient.Slice(shape.BiasOffset(s), n));
            backend.Profiler.Stop(StepPhase.BackwardPointwise, t);
            t = backend.Profiler.Start();
            backend.Gemm(Transpose.Yes, Transpose.No, n, n, rows, 1, dZ.All, n, y[s - 1].All, n, 0, gradient.Slice(shape.WeightOffset(s), n * n), n);
            backend.Profiler.Stop(StepPhase.BackwardGemmWeights, t);
            t = backend.Profiler.Start();
            backend.Gemm(Transpose.No, Transpose.No, rows, n, n, 1, dZ.All, n, theta.Slice(shape.WeightOffset(s), n * n), n, 1, dY.All, n);
            backend.Profiler.Stop(StepPhase.BackwardGemmInputs, t);
        }

        t = backend.Profiler.Start();

        backend.InputLayerBackward(Layout, shape.Activation, n, points, theta.Slice(shape.WeightOffset(0), n * shape.InputDimension), z0.All, dY.All, gradient.Slice(shape.WeightOffset(0), n * shape.InputDimension), gradient.Slice(shape.BiasOffset(0), n));
        backend.Profiler.Stop(StepPhase.BackwardPointwise, t);
    }
}
