using ILGPU;
using ILGPU.Runtime;
using Pinn.Core.Compute;
using Pinn.Core.Networks;
using Pinn.Core.Problems;
using Pinn.Core.Randomness;

namespace Pinn.Gpu;

/// <summary>
/// The compute seam on an ILGPU device (float32): parameters, activations and optimizer state live in accelerator
/// memory between steps; only loss parts, dot products and finiteness checks come back. Runs on CUDA or, for tests, on
/// ILGPU's CPU accelerator. Not provided: per-point Jacobians (the Gauss–Newton phase runs on the CPU backend in
/// float64, as it does for every run).
/// </summary>
public sealed class IlgpuBackend : IComputeBackend<float>, IDisposable
{
    private readonly GpuKernels? ownedKernels;
    private readonly GpuGemm gemm;
    private readonly GpuVectorKernels vectors;
    private readonly GpuTaylorKernels taylor;
    private readonly GpuLayerKernels layers;
    private readonly GpuMemberPacking packing;
    private readonly List<IDisposable> owned = [];

    /// <summary>Compiles every kernel for a device, for this backend alone (the device stays the caller's to dispose).</summary>
    /// <param name="device">The device.</param>
    public IlgpuBackend(GpuDevice device)
        : this(new GpuKernels(device ?? throw new ArgumentNullException(nameof(device))), ownsKernels: true)
    {
    }

    /// <summary>A backend over kernels compiled once for the device and shared (they stay the caller's to dispose).</summary>
    /// <param name="kernels">The device's kernels.</param>
    public IlgpuBackend(GpuKernels kernels)
        : this(kernels, ownsKernels: false)
    {
    }

    private IlgpuBackend(GpuKernels kernels, bool ownsKernels)
    {
        ArgumentNullException.ThrowIfNull(kernels);
        ownedKernels = ownsKernels ? kernels : null;
        Device = kernels.Device;
        gemm = kernels.Gemm;
        vectors = kernels.Vectors;
        taylor = kernels.Taylor;
        layers = kernels.Layers;
        packing = kernels.Packing;
    }

    /// <summary>Device memory this backend holds and frees on <see cref="Dispose"/>: buffers and compiled residuals.</summary>
    public int LiveAllocations
    {
        get
        {
            lock (owned)
            {
                return owned.Count;
            }
        }
    }

    /// <summary>The device.</summary>
    public GpuDevice Device { get; }

    /// <inheritdoc />
    public PhaseProfiler Profiler => PhaseProfiler.Disabled;

    /// <inheritdoc />
    public string Name => $"{Device.Name}, f32, {(gemm.UsesCuBlas ? "cuBLAS" : "tiled")} GEMM";

    /// <inheritdoc />
    public int Lanes(int items) => 1;

    /// <inheritdoc />
    public IComputeBackend<float> CreateMemberBackend() => this;

    /// <summary>True: ensemble members train side by side, each layer of every member in one launch.</summary>
    public bool BatchesMembers => true;

    /// <inheritdoc />
    public DeviceBuffer<float> Allocate(int length)
    {
        return Own(new GpuBuffer(Device, length));
    }

    /// <inheritdoc />
    public void Upload(ReadOnlySpan<double> source, BufferView<float> destination)
    {
        var host = new float[source.Length];
        for (int i = 0; i < host.Length; i++)
        {
            host[i] = (float)source[i];
        }

        if (host.Length > 0)
        {
            GpuBuffer.View(destination).SubView(0, host.Length).CopyFromCPU(host);
        }
    }

    /// <inheritdoc />
    public void Download(BufferView<float> source, Span<double> destination)
    {
        if (source.Length == 0)
        {
            return;
        }

        var host = new float[source.Length];
        GpuBuffer.View(source).CopyToCPU(host);
        for (int i = 0; i < host.Length; i++)
        {
            destination[i] = host[i];
        }
    }

    /// <inheritdoc />
    public void Gemm(Transpose transA, Transpose transB, int m, int n, int k, double alpha, BufferView<float> a, int lda, BufferView<float> b, int ldb, double beta, BufferView<float> c, int ldc) =>
        gemm.Multiply(transA, transB, m, n, k, (float)alpha, GpuBuffer.View(a), lda, GpuBuffer.View(b), ldb, (float)beta, GpuBuffer.View(c), ldc);

    /// <inheritdoc />
    public void GemmBatched(int count, Transpose transA, Transpose transB, int m, int n, int k, double alpha, BufferView<float> a, int lda, int strideA, BufferView<float> b, int ldb, int strideB, double beta, BufferView<float> c, int ldc, int strideC) =>
        gemm.MultiplyBatched(count, transA, transB, m, n, k, (float)alpha, GpuBuffer.View(a), lda, strideA, GpuBuffer.View(b), ldb, strideB, (float)beta, GpuBuffer.View(c), ldc, strideC);

    /// <inheritdoc />
    public void PackMembers(ResidualNetworkShape shape, int count, BufferView<float> members, BufferView<float> packed) => packing.Pack(shape, count, members, packed);

    /// <inheritdoc />
    public void UnpackMembers(ResidualNetworkShape shape, int count, BufferView<float> packed, BufferView<float> members) => packing.Unpack(shape, count, packed, members);

    /// <inheritdoc />
    public void Gemv(Transpose trans, int rows, int cols, BufferView<float> a, BufferView<float> x, BufferView<float> y) => layers.Gemv(trans, rows, cols, a, x, y);

    /// <inheritdoc />
    public void Outer(int rows, int cols, BufferView<float> x, BufferView<float> y, BufferView<float> a) => layers.Outer(rows, cols, x, y, a);

    /// <inheritdoc />
    public void InputLayerForward(ChannelLayout layout, Activation activation, int width, BufferView<float> points, BufferView<float> w0, BufferView<float> b0, BufferView<float> z0, BufferView<float> y1) =>
        layers.InputLayerForward(layout, activation, width, points, w0, b0, z0, y1);

    /// <inheritdoc />
    public void ResidualActivationForward(ChannelLayout layout, Activation activation, int width, BufferView<float> z, BufferView<float> bias, BufferView<float> yIn, BufferView<float> yOut) =>
        taylor.ResidualActivationForward(layout, activation, width, z, bias, yIn, yOut);

    /// <inheritdoc />
    public void ResidualActivationBackward(ChannelLayout layout, Activation activation, int width, BufferView<float> z, BufferView<float> dA, BufferView<float> dZ, BufferView<float> biasGradient) =>
        taylor.ResidualActivationBackward(layout, activation, width, z, dA, dZ, biasGradient);

    /// <inheritdoc />
    public void InputLayerBackward(ChannelLayout layout, Activation activation, int width, BufferView<float> points, BufferView<float> w0, BufferView<float> z0, BufferView<float> dA, BufferView<float> dW0, BufferView<float> db0) =>
        layers.InputLayerBackward(layout, activation, width, points, w0, z0, dA, dW0, db0);

    /// <inheritdoc />
    public void LayerJacobian(ChannelLayout layout, int outputs, int inputs, BufferView<float> dZ, BufferView<float> y, BufferView<float> jacobian, int ldj, int weightColumn, int biasColumn) =>
        throw new NotSupportedException("per-point Jacobians are not computed on the GPU route: the Gauss–Newton phase runs on the CPU backend in float64.");

    /// <inheritdoc />
    public void ColumnSums(int rows, int cols, BufferView<float> a, BufferView<float> result) => taylor.ColumnSums(rows, cols, a, result);

    /// <inheritdoc />
    public IResidualKernel<float> CompileResidual(ResidualForm form) => new Residual(Own(new GpuPoissonLoss(Device, form)), form.Dimension);

    /// <inheritdoc />
    public LossBreakdown PoissonLoss(IResidualKernel<float> kernel, ChannelLayout layout, int interiorPoints, int residualPoints, double boundaryWeight, int residualTotal, int boundaryTotal, BufferView<float> u, BufferView<float> source, BufferView<float> boundary, BufferView<float> seed, BufferView<float> points) =>
        ((Residual)kernel).Loss.Evaluate(layout, interiorPoints, residualPoints, boundaryWeight, residualTotal, boundaryTotal, u, source, boundary, seed, points);

    /// <inheritdoc />
    public void PoissonLossBatched(int count, IResidualKernel<float> kernel, ChannelLayout layout, int interiorPoints, int residualPoints, double boundaryWeight, int residualTotal, int boundaryTotal, BufferView<float> u, int uStride, BufferView<float> source, BufferView<float> boundary, BufferView<float> seed, int seedStride, Span<LossBreakdown> parts, BufferView<float> points) =>
        ((Residual)kernel).Loss.EvaluateBatched(count, layout, interiorPoints, residualPoints, boundaryWeight, residualTotal, boundaryTotal, u, uStride, source, boundary, seed, seedStride, parts, points);

    /// <inheritdoc />
    public void Axpy(double alpha, BufferView<float> x, BufferView<float> y) => vectors.Axpy(alpha, x, y);

    /// <inheritdoc />
    public void AddScalar(BufferView<float> scalar, BufferView<float> x) => layers.AddScalar(scalar, x);

    /// <inheritdoc />
    public void Shift(BufferView<float> x, double value) => vectors.Shift(x, value);

    /// <inheritdoc />
    public void AdamUpdate(BufferView<float> theta, BufferView<float> gradient, BufferView<float> m, BufferView<float> v, double learningRate, double beta1, double beta2, double epsilon, double weightDecay, long step) =>
        layers.AdamUpdate(theta, gradient, m, v, learningRate, beta1, beta2, epsilon, weightDecay, step);

    /// <inheritdoc />
    public void Scale(double alpha, BufferView<float> x) => vectors.Scale(alpha, x);

    /// <inheritdoc />
    public double Dot(BufferView<float> x, BufferView<float> y) => vectors.Dot(x, y);

    /// <inheritdoc />
    public void Copy(BufferView<float> source, BufferView<float> destination) => vectors.Copy(source, destination);

    /// <inheritdoc />
    public void Fill(BufferView<float> x, double value) => vectors.Fill(x, value);

    /// <inheritdoc />
    public void FillUniform(BufferView<float> x, IRandomSource random)
    {
        ArgumentNullException.ThrowIfNull(random);
        var values = new double[x.Length];
        random.FillUniform(values); // drawn on the host, in the CPU backend's order: the same bounces on every device
        Upload(values, x);
    }

    /// <inheritdoc />
    public bool AllFinite(BufferView<float> x) => vectors.AllFinite(x);

    /// <inheritdoc />
    public void Dispose()
    {
        lock (owned)
        {
            foreach (var o in owned)
            {
                o.Dispose();
            }

            owned.Clear();
        }

        ownedKernels?.Dispose();
    }

    private TOwned Own<TOwned>(TOwned allocation)
        where TOwned : IDisposable
    {
        lock (owned)
        {
            owned.Add(allocation);
        }

        return allocation;
    }

    /// <summary>A compiled residual on the device.</summary>
    private sealed class Residual(GpuPoissonLoss loss, int dimension) : IResidualKernel<float>
    {
        public GpuPoissonLoss Loss { get; } = loss;

        public int Dimension { get; } = dimension;
    }
}
