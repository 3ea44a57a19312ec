using Pinn.Core.Networks;
using Pinn.Core.Problems;
using Pinn.Core.Randomness;

namespace Pinn.Core.Compute;

/// <summary>
/// The loss kernels of the nonlinear Poisson problem: its residual compiled for the device and the fused loss with
/// its seeds for the reverse pass. A new PDE term changes these, not <see cref="IComputeKernels{T}"/>.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public interface ILossKernels<T>
    where T : unmanaged
{
    /// <summary>Compiles a problem's residual for this backend.</summary>
    IResidualKernel<T> CompileResidual(ResidualForm form);

    /// <summary>
    /// The PDE loss on network outputs u (all channel rows of a chunk of points): residual over the chunk's first
    /// <paramref name="residualPoints"/> points, boundary error over its points [interiorPoints, P). Means are taken
    /// over the whole batch (<paramref name="residualTotal"/>, <paramref name="boundaryTotal"/> points), so the parts of
    /// the chunks add up to the batch's. Writes the seed ∂V/∂u per row into <paramref name="seed"/> and returns the
    /// parts (without the weight penalty); MaxAbsResidual is the chunk's maximum. <paramref name="points"/> holds the
    /// chunk's points (d coordinates each, the same order as u's columns): N(x, u) is evaluated at them when it uses x.
    /// </summary>
    LossBreakdown PoissonLoss(IResidualKernel<T> kernel, ChannelLayout layout, int interiorPoints, int residualPoints, double boundaryWeight, int residualTotal, int boundaryTotal, BufferView<T> u, BufferView<T> source, BufferView<T> boundary, BufferView<T> seed, BufferView<T> points);

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
    /// <param name="points">The chunk's points (d coordinates each).</param>
    void PoissonLossBatched(int count, IResidualKernel<T> kernel, ChannelLayout layout, int interiorPoints, int residualPoints, double boundaryWeight, int residualTotal, int boundaryTotal, BufferView<T> u, int uStride, BufferView<T> source, BufferView<T> boundary, BufferView<T> seed, int seedStride, Span<LossBreakdown> parts, BufferView<T> points)
    {
        for (int i = 0; i < count; i++)
        {
            parts[i] = PoissonLoss(kernel, layout, interiorPoints, residualPoints, boundaryWeight, residualTotal, boundaryTotal, u.Slice(i * uStride, layout.Rows), source, boundary, seed.Slice(i * seedStride, layout.Rows), points);
        }
    }
}
