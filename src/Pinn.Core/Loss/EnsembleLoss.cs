using System.Numerics;
using Pinn.Core.Compute;
using Pinn.Core.Networks;
using Pinn.Core.Problems;
using Pinn.Core.Randomness;

namespace Pinn.Core.Loss;

/// <summary>
/// The loss and gradient of <see cref="PinnLoss{T}"/> for K ensemble members at once, on the same points: the members'
/// networks run side by side (<see cref="EnsembleNetwork{T}"/>, one launch per layer for all members), the loss kernel
/// takes every member in one call, and the results are each member's own — the same values as K evaluations of
/// <see cref="PinnLoss{T}"/>, up to rounding. Parameters and gradients are member after member (member m at m·P).
/// This is how a backend that <see cref="IComputeRuntime{T}.BatchesMembers"/> (a GPU) trains an ensemble.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class EnsembleLoss<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Activations per layer, all members together, that a chunk aims for: 2²⁴ values (64 MiB in float32).</summary>
    public const int ChunkCells = 1 << 24;

    private readonly IComputeBackend<T> backend;
    private readonly CollocationPoints<T> set;
    private readonly IResidualKernel<T> kernel;
    private readonly (PointChunk Range, EnsembleNetwork<T> Network)[] chunks;
    private readonly DeviceBuffer<T> packedTheta;
    private readonly DeviceBuffer<T> packedGradient;
    private readonly DeviceBuffer<T>? scratchGradient;
    private readonly DeviceBuffer<T> seed;
    private readonly LossBreakdown[] chunkParts;
    private readonly LossBreakdown[] sums;

    /// <summary>Creates the loss for K members and fixed point counts.</summary>
    /// <param name="backend">Where to compute.</param>
    /// <param name="form">The problem.</param>
    /// <param name="shape">Every member's network (input dimension = the problem's).</param>
    /// <param name="members">K ≥ 1.</param>
    /// <param name="interiorPoints">Interior collocation points (≥ 1).</param>
    /// <param name="boundaryPoints">Boundary collocation points (≥ 0).</param>
    /// <param name="options">Loss weights.</param>
    /// <param name="chunkPoints">Points per chunk; 0 chooses it from <see cref="ChunkCells"/>.</param>
    public EnsembleLoss(IComputeBackend<T> backend, ResidualForm form, ResidualNetworkShape shape, int members, int interiorPoints, int boundaryPoints, LossOptions options, int chunkPoints = 0)
    {
        this.backend = backend;
        Options = options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(members, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(chunkPoints);
        if (shape.InputDimension != form.Dimension)
        {
            throw new ArgumentException($"The network takes {shape.InputDimension} inputs but the problem is {form.Dimension}-dimensional.", nameof(shape));
        }

        Shape = shape;
        Members = members;
        set = new CollocationPoints<T>(backend, form, interiorPoints, boundaryPoints, options.ResidualOnBoundary);
        int d = form.Dimension;
        int size = chunkPoints > 0 ? chunkPoints : (int)Math.Max(256, ChunkCells / ((long)shape.Width * members * (d + 2)));
        chunks = set.Plan(size, layout => new EnsembleNetwork<T>(backend, shape, layout, members));
        kernel = backend.CompileResidual(form);
        int parameters = members * shape.ParameterCount;
        packedTheta = backend.Allocate(parameters);
        packedGradient = backend.Allocate(parameters);
        scratchGradient = chunks.Length > 1 ? backend.Allocate(parameters) : null;
        seed = backend.Allocate(chunks.Max(c => c.Range.Layout.Rows) * members);
        chunkParts = new LossBreakdown[members];
        sums = new LossBreakdown[members];
    }

    /// <summary>The loss weights.</summary>
    public LossOptions Options { get; }

    /// <summary>Every member's network.</summary>
    public ResidualNetworkShape Shape { get; }

    /// <summary>K.</summary>
    public int Members { get; }

    /// <summary>Number of chunks a batch is processed in.</summary>
    public int Chunks => chunks.Length;

    /// <summary>The current points on the host (interior rows first), row-major.</summary>
    public double[] HostPoints => set.HostPoints;

    /// <summary>Draws a fresh point set as <see cref="PinnLoss{T}.Resample"/> does.</summary>
    /// <param name="random">The generator.</param>
    public void Resample(Xoshiro256 random) => set.Resample(random);

    /// <summary>Sets the points and evaluates f and g once.</summary>
    /// <param name="all">Interior then boundary points, row-major, d per point.</param>
    public void SetPoints(ReadOnlySpan<double> all) => set.SetPoints(all);

    /// <summary>Every member's V(θ_m) and, when <paramref name="gradients"/> is given, ∂V/∂θ_m (overwritten).</summary>
    /// <param name="thetas">K·P parameters, member after member.</param>
    /// <param name="gradients">Receives K·P gradients, member after member, or null for the losses alone.</param>
    /// <param name="parts">Receives each member's loss parts (K entries), the weight penalty included.</param>
    public void Evaluate(BufferView<T> thetas, BufferView<T>? gradients, Span<LossBreakdown> parts)
    {
        int k = Members, p = Shape.ParameterCount;
        if (thetas.Length != k * p || (gradients is { } gv && gv.Length != k * p))
        {
            throw new ArgumentException($"{k} members of {p} parameters need views of {k * p} elements.", nameof(thetas));
        }

        if (parts.Length != k)
        {
            throw new ArgumentException($"{k} members need {k} loss parts.", nameof(parts));
        }

        backend.PackMembers(Shape, k, thetas, packedTheta.All);
        Array.Clear(sums);
        for (int i = 0; i < chunks.Length; i++)
        {
            var (c, network) = chunks[i];
            var chunkPoints = set.PointsOf(c);
            network.Forward(packedTheta.All, chunkPoints);
            int rows = c.Layout.Rows;
            var chunkSeed = seed.Slice(0, rows * k);
            backend.PoissonLossBatched(k, kernel, c.Layout, c.Interior, c.Residual, Options.BoundaryWeight, set.ResidualPoints, set.BoundaryPoints, network.Output.All, rows, set.SourceOf(c), set.BoundaryOf(c), chunkSeed, rows, chunkParts, set.PointsOf(c));
            for (int m = 0; m < k; m++)
            {
                sums[m] = sums[m].Plus(chunkParts[m]);
            }

            if (gradients is not null)
            {
                if (i == 0)
                {
                    network.Backward(chunkSeed, chunkPoints, packedGradient.All);
                }
                else
                {
                    network.Backward(chunkSeed, chunkPoints, scratchGradient!.All);
                    backend.Axpy(1, scratchGradient.All, packedGradient.All);
                }
            }
        }

        if (gradients is { } g)
        {
            backend.UnpackMembers(Shape, k, packedGradient.All, g);
            if (Options.WeightDecay > 0)
            {
                backend.Axpy(2 * Options.WeightDecay, thetas, g);
            }
        }

        for (int m = 0; m < k; m++)
        {
            var theta = thetas.Slice(m * p, p);
            double penalty = Options.WeightDecay * backend.Dot(theta, theta);
            parts[m] = sums[m].WithPenalty(penalty);
        }
    }
}
