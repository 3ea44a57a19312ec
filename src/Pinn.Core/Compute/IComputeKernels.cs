using Pinn.Core.Networks;
using Pinn.Core.Problems;
using Pinn.Core.Randomness;

namespace Pinn.Core.Compute;

/// <summary>
/// The kernels every backend provides, whatever the problem or optimizer: dense products, the network's layer and
/// Taylor-mode activation kernels, reductions and vector operations, on buffers the backend owns.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public interface IComputeKernels<T>
    where T : unmanaged
{
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

    /// <summary>y ← y + αx.</summary>
    void Axpy(double alpha, BufferView<T> x, BufferView<T> y);

    /// <summary>x ← x + s[0] for a one-element view s (read on the device).</summary>
    void AddScalar(BufferView<T> scalar, BufferView<T> x);

    /// <summary>x ← x + value.</summary>
    void Shift(BufferView<T> x, double value);

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
}
