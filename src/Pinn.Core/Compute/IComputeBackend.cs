using Pinn.Core.Networks;
using Pinn.Core.Problems;
using Pinn.Core.Randomness;

namespace Pinn.Core.Compute;

/// <summary>
/// The seam between the numerics and the hardware: every heavy operation of a training step — GEMMs, the
/// Taylor-mode activation kernels, the loss kernel, reductions and the optimizer's vector operations — is a call
/// here on buffers the backend owns, so parameters never leave the device. The CPU backend is
/// <see cref="Cpu.CpuBackend{T}"/>; a CUDA backend implements the same contract.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public interface IComputeBackend<T>
    where T : unmanaged
{
    /// <summary>Where the phases of a step are timed (<see cref="Benchmarking.PhaseProfiler.Disabled"/> unless profiling).</summary>
    Benchmarking.PhaseProfiler Profiler { get; }

    /// <summary>A short description, e.g. <c>cpu (2 threads, AVX-512)</c>.</summary>
    string Name { get; }

    /// <summary>
    /// How many lanes should evaluate <paramref name="members"/> ensemble members side by side, each lane on its own
    /// <see cref="CreateMemberBackend"/>, when one member's matrix products are <paramref name="productFlops"/> flops
    /// each (1: one member after another on this backend, every product using all of it).
    /// </summary>
    /// <param name="members">Ensemble members K.</param>
    /// <param name="productFlops">Flops of one member's typical product (a layer's forward product over one chunk of points).</param>
    int MemberLanes(int members, long productFlops);

    /// <summary>
    /// A backend for one of the members evaluated side by side: on the CPU a single-threaded backend with the same
    /// kernel choices, so that members share the cores instead of every product being split. Its buffers are
    /// interchangeable with this backend's.
    /// </summary>
    IComputeBackend<T> CreateMemberBackend();

    /// <summary>Allocates a zeroed buffer.</summary>
    /// <param name="length">Number of elements.</param>
    DeviceBuffer<T> Allocate(int length);

    /// <summary>Copies host doubles into a view (converting to T).</summary>
    /// <param name="source">The values.</param>
    /// <param name="destination">The view; same length.</param>
    void Upload(ReadOnlySpan<double> source, BufferView<T> destination);

    /// <summary>Copies a view to host doubles.</summary>
    /// <param name="source">The view.</param>
    /// <param name="destination">The values; same length.</param>
    void Download(BufferView<T> source, Span<double> destination);

    /// <summary>C ← α·op(A)·op(B) + β·C (row-major, leading dimensions in elements).</summary>
    void Gemm(Transpose transA, Transpose transB, int m, int n, int k, double alpha, BufferView<T> a, int lda, BufferView<T> b, int ldb, double beta, BufferView<T> c, int ldc);

    /// <summary>y ← A·x (A rows×cols row-major) or, transposed, y ← Aᵀ·x; β = 0.</summary>
    void Gemv(Transpose trans, int rows, int cols, BufferView<T> a, BufferView<T> x, BufferView<T> y);

    /// <summary>A ← x·yᵀ (rows×cols), overwriting A.</summary>
    void Outer(int rows, int cols, BufferView<T> x, BufferView<T> y, BufferView<T> a);

    /// <summary>Input layer, Taylor mode: z₀ = W₀x + b₀ (value rows stored in <paramref name="z0"/>), y₁ = σ(z₀) with ∇ and ∇² channels.</summary>
    void InputLayerForward(ChannelLayout layout, Activation activation, int width, BufferView<T> points, BufferView<T> w0, BufferView<T> b0, BufferView<T> z0, BufferView<T> y1);

    /// <summary>Residual layer activation: adds the bias to the value rows of z (in place), then y_out = y_in + σ(z) in Taylor mode.</summary>
    void ResidualActivationForward(ChannelLayout layout, Activation activation, int width, BufferView<T> z, BufferView<T> bias, BufferView<T> yIn, BufferView<T> yOut);

    /// <summary>
    /// Back-propagates through the Taylor-mode activation: dZ from dA = ∂V/∂σ(z) channels, and the bias gradient
    /// Σ over value rows of dZ (overwritten).
    /// </summary>
    void ResidualActivationBackward(ChannelLayout layout, Activation activation, int width, BufferView<T> z, BufferView<T> dA, BufferView<T> dZ, BufferView<T> biasGradient);

    /// <summary>Back-propagates through the input layer: ∂V/∂W₀ and ∂V/∂b₀ (overwritten) from dA = ∂V/∂y₁.</summary>
    void InputLayerBackward(ChannelLayout layout, Activation activation, int width, BufferView<T> points, BufferView<T> w0, BufferView<T> z0, BufferView<T> dA, BufferView<T> dW0, BufferView<T> db0);

    /// <summary>
    /// One layer's block of the per-point Jacobian (rows are points, not channel rows): for a layer whose output
    /// channels z = W·y (+ b on value rows) have adjoints <paramref name="dZ"/> (rows of the layout, <paramref name="outputs"/>
    /// columns) and whose inputs are <paramref name="y"/> (<paramref name="inputs"/> columns), writes for every point p
    /// J[p, weightColumn + a·inputs + b] = Σ over p's channel rows c of dZ[c, a]·y[c, b] and, when
    /// <paramref name="biasColumn"/> ≥ 0, J[p, biasColumn + a] = dZ[p, a] (the value row). Overwrites those entries.
    /// </summary>
    /// <param name="layout">The channel layout of the batch.</param>
    /// <param name="outputs">Columns of dZ.</param>
    /// <param name="inputs">Columns of y.</param>
    /// <param name="dZ">Adjoints per channel row.</param>
    /// <param name="y">Layer inputs per channel row.</param>
    /// <param name="jacobian">Row p of the point block starts at p·<paramref name="ldj"/>.</param>
    /// <param name="ldj">Leading dimension of the Jacobian (the parameter count).</param>
    /// <param name="weightColumn">Column of the weight block's first entry.</param>
    /// <param name="biasColumn">Column of the bias block's first entry, or −1 for none.</param>
    void LayerJacobian(ChannelLayout layout, int outputs, int inputs, BufferView<T> dZ, BufferView<T> y, BufferView<T> jacobian, int ldj, int weightColumn, int biasColumn);

    /// <summary>result[j] = Σᵢ A[i, j] over the first <paramref name="rows"/> rows (overwrites result).</summary>
    void ColumnSums(int rows, int cols, BufferView<T> a, BufferView<T> result);

    /// <summary>Compiles a problem's residual for this backend.</summary>
    IResidualKernel<T> CompileResidual(ResidualForm form);

    /// <summary>
    /// The PDE loss on network outputs u (all channel rows of a chunk of points): residual over the chunk's first
    /// <paramref name="residualPoints"/> points, boundary error over its points [interiorPoints, P). Means are taken
    /// over the whole batch (<paramref name="residualTotal"/>, <paramref name="boundaryTotal"/> points), so the parts of
    /// the chunks add up to the batch's. Writes the seed ∂V/∂u per row into <paramref name="seed"/> and returns the
    /// parts (without the weight penalty); MaxAbsResidual is the chunk's maximum.
    /// </summary>
    LossBreakdown PoissonLoss(IResidualKernel<T> kernel, ChannelLayout layout, int interiorPoints, int residualPoints, double boundaryWeight, int residualTotal, int boundaryTotal, BufferView<T> u, BufferView<T> source, BufferView<T> boundary, BufferView<T> seed);

    /// <summary>y ← y + αx.</summary>
    void Axpy(double alpha, BufferView<T> x, BufferView<T> y);

    /// <summary>x ← x + s[0] for a one-element view s (read on the device).</summary>
    void AddScalar(BufferView<T> scalar, BufferView<T> x);

    /// <summary>x ← x + value.</summary>
    void Shift(BufferView<T> x, double value);

    /// <summary>
    /// One fused Adam update (PyTorch semantics, L2 weight decay added to the gradient):
    /// g' = g + wd·θ; m ← β₁m + (1 − β₁)g'; v ← β₂v + (1 − β₂)g'²; θ ← θ − lr·(m/(1 − β₁ᵗ))/(√(v/(1 − β₂ᵗ)) + ε).
    /// </summary>
    void AdamUpdate(BufferView<T> theta, BufferView<T> gradient, BufferView<T> m, BufferView<T> v, double learningRate, double beta1, double beta2, double epsilon, double weightDecay, long step);

    /// <summary>x ← αx.</summary>
    void Scale(double alpha, BufferView<T> x);

    /// <summary>Σ xᵢyᵢ accumulated in double.</summary>
    double Dot(BufferView<T> x, BufferView<T> y);

    /// <summary>Copies a view into another of the same length.</summary>
    void Copy(BufferView<T> source, BufferView<T> destination);

    /// <summary>Sets every element.</summary>
    void Fill(BufferView<T> x, double value);

    /// <summary>Fills with uniform numbers in [0, 1) drawn from <paramref name="random"/>.</summary>
    void FillUniform(BufferView<T> x, IRandomSource random);

    /// <summary>Whether every element is finite.</summary>
    bool AllFinite(BufferView<T> x);
}
