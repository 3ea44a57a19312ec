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
    /// <summary>Where the phases of a step are timed (<see cref="PhaseProfiler.Disabled"/> unless profiling).</summary>
    PhaseProfiler Profiler { get; }

    /// <summary>A short description, e.g. <c>cpu (2 threads, AVX-512)</c>.</summary>
    string Name { get; }

    /// <summary>
    /// How many lanes should evaluate <paramref name="items"/> independent pieces of work side by side, each lane on its
    /// own <see cref="CreateMemberBackend"/> (1: one after another on this backend, every product using all of it). The
    /// pieces are ensemble members (each lane with its own <see cref="Loss.PinnLoss{T}.ForLane"/>) or the chunks of one
    /// batch (<see cref="Loss.PinnLoss{T}"/>).
    /// </summary>
    /// <param name="items">Pieces of work: ensemble members K, or chunks.</param>
    int Lanes(int items);

    /// <summary>
    /// A backend for one of the members evaluated side by side: on the CPU a single-threaded backend with the same
    /// kernel choices and profiler (lanes' phases add up in it), so that members share the cores instead of every
    /// product being split. Its buffers are interchangeable with this backend's.
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

    /// <summary>
    /// Whether ensemble members should be trained K at a time through <see cref="Loss.EnsembleLoss{T}"/> — every
    /// member's layer in one launch (<see cref="GemmBatched"/>, the Taylor kernels over K·N columns) — instead of one
    /// member after another. True where launches are the cost (a GPU); the CPU evaluates members one after another or
    /// on lanes side by side (<see cref="Lanes"/>). The batched operations below have loop implementations,
    /// so every backend can run the batched path.
    /// </summary>
    bool BatchesMembers => false;

    /// <summary>
    /// <paramref name="count"/> independent products Cᵢ ← α·op(Aᵢ)·op(Bᵢ) + β·Cᵢ, where Aᵢ starts <paramref name="strideA"/>·i
    /// elements after <paramref name="a"/>'s start (likewise B and C; a stride of 0 shares the operand). Leading
    /// dimensions as for <see cref="Gemm"/>.
    /// </summary>
    /// <param name="count">Number of products.</param>
    /// <param name="transA">Whether A is transposed.</param>
    /// <param name="transB">Whether B is transposed.</param>
    /// <param name="m">Rows of each C.</param>
    /// <param name="n">Columns of each C.</param>
    /// <param name="k">Inner dimension.</param>
    /// <param name="alpha">α.</param>
    /// <param name="a">The first A.</param>
    /// <param name="lda">Row stride of A as stored.</param>
    /// <param name="strideA">Elements from one A to the next.</param>
    /// <param name="b">The first B.</param>
    /// <param name="ldb">Row stride of B as stored.</param>
    /// <param name="strideB">Elements from one B to the next.</param>
    /// <param name="beta">β.</param>
    /// <param name="c">The first C.</param>
    /// <param name="ldc">Row stride of C.</param>
    /// <param name="strideC">Elements from one C to the next.</param>
    void GemmBatched(int count, Transpose transA, Transpose transB, int m, int n, int k, double alpha, BufferView<T> a, int lda, int strideA, BufferView<T> b, int ldb, int strideB, double beta, BufferView<T> c, int ldc, int strideC)
    {
        for (int i = 0; i < count; i++)
        {
            Gemm(transA, transB, m, n, k, alpha, a.From(i * strideA), lda, b.From(i * strideB), ldb, beta, c.From(i * strideC), ldc);
        }
    }

    /// <summary>
    /// Rearranges the parameters of <paramref name="count"/> members, member m's θ at m·P of <paramref name="members"/>,
    /// into the packed layout of <see cref="Networks.EnsembleNetwork{T}"/>: tensor by tensor in θ's order, each tensor holding
    /// every member's copy in member order (block j of member m at count·offset_j + m·length_j).
    /// </summary>
    /// <param name="shape">The network.</param>
    /// <param name="count">Members K.</param>
    /// <param name="members">K·P parameters, member after member.</param>
    /// <param name="packed">K·P parameters, tensor after tensor (overwritten).</param>
    void PackMembers(ResidualNetworkShape shape, int count, BufferView<T> members, BufferView<T> packed)
    {
        int p = shape.ParameterCount;
        foreach (var block in shape.Blocks)
        {
            for (int m = 0; m < count; m++)
            {
                Copy(members.Slice((m * p) + block.Offset, block.Length), packed.Slice((count * block.Offset) + (m * block.Length), block.Length));
            }
        }
    }

    /// <summary>The inverse of <see cref="PackMembers"/>.</summary>
    /// <param name="shape">The network.</param>
    /// <param name="count">Members K.</param>
    /// <param name="packed">K·P parameters, tensor after tensor.</param>
    /// <param name="members">K·P parameters, member after member (overwritten).</param>
    void UnpackMembers(ResidualNetworkShape shape, int count, BufferView<T> packed, BufferView<T> members)
    {
        int p = shape.ParameterCount;
        foreach (var block in shape.Blocks)
        {
            for (int m = 0; m < count; m++)
            {
                Copy(packed.Slice((count * block.Offset) + (m * block.Length), block.Length), members.Slice((m * p) + block.Offset, block.Length));
            }
        }
    }

    /// <summary>
    /// <see cref="PoissonLoss"/> for <paramref name="count"/> members on the same points: member i's outputs start at
    /// <paramref name="u"/> + i·<paramref name="uStride"/>, its seed at <paramref name="seed"/> + i·<paramref name="seedStride"/>,
    /// its parts go to <paramref name="parts"/>[i].
    /// </summary>
    /// <param name="count">Members K.</param>
    /// <param name="kernel">The compiled residual.</param>
    /// <param name="layout">The chunk's layout.</param>
    /// <param name="interiorPoints">Interior points of the chunk.</param>
    /// <param name="residualPoints">Residual points of the chunk.</param>
    /// <param name="boundaryWeight">γ.</param>
    /// <param name="residualTotal">Residual points of the whole batch.</param>
    /// <param name="boundaryTotal">Boundary points of the whole batch.</param>
    /// <param name="u">The first member's outputs (all channel rows).</param>
    /// <param name="uStride">Elements from one member's outputs to the next.</param>
    /// <param name="source">f at the chunk's residual points.</param>
    /// <param name="boundary">g at the chunk's boundary points.</param>
    /// <param name="seed">The first member's seed (overwritten).</param>
    /// <param name="seedStride">Elements from one member's seed to the next.</param>
    /// <param name="parts">Receives every member's loss parts.</param>
    void PoissonLossBatched(int count, IResidualKernel<T> kernel, ChannelLayout layout, int interiorPoints, int residualPoints, double boundaryWeight, int residualTotal, int boundaryTotal, BufferView<T> u, int uStride, BufferView<T> source, BufferView<T> boundary, BufferView<T> seed, int seedStride, Span<LossBreakdown> parts)
    {
        for (int i = 0; i < count; i++)
        {
            parts[i] = PoissonLoss(kernel, layout, interiorPoints, residualPoints, boundaryWeight, residualTotal, boundaryTotal, u.Slice(i * uStride, layout.Rows), source, boundary, seed.Slice(i * seedStride, layout.Rows));
        }
    }
}
