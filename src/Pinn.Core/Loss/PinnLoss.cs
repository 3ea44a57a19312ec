using System.Numerics;
using Pinn.Core.Compute;
using Pinn.Core.Geometry;
using Pinn.Core.Networks;
using Pinn.Core.Problems;
using Pinn.Core.Randomness;

namespace Pinn.Core.Loss;

/// <summary>
/// The PINN loss of a nonlinear Poisson problem and its exact gradient:
/// V(θ) = (1/n_R) Σ R² + γ (1/n_B) Σ (u − g)² + λ‖θ‖², with R = −∇²u + N(u) − f(x). Interior points come first,
/// boundary points after; f and g are evaluated once per point set (<see cref="SetPoints"/>), not per step.
/// Large batches are processed in chunks of points (forward, loss and backward per chunk, gradients summed) so that
/// a chunk's activations stay in cache; the result equals the unchunked computation up to rounding.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class PinnLoss<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>
    /// Activations per layer that a chunk aims for (rows × width); 2¹⁹ floats = 2 MiB, so that a chunk's saved
    /// activations of all layers stay in L3 (655 points per chunk at paper scale); 2²⁰ was slower on the 512 KiB-L2
    /// Zen 3 (benchmarks/measurement-log.md).
    /// </summary>
    public const int ChunkCells = 1 << 19;

    /// <summary>
    /// Activations per layer that a chunk aims for on a single-threaded lane, one of several side by side — a lane that
    /// evaluates ensemble members (<see cref="ForLane"/>) or the chunks of one batch: 2¹⁷ floats = 512 KiB, a core's own
    /// L2 (512 points per chunk at medium scale in the plane, the 256-point minimum at paper scale); chunks of this
    /// size beat whole batches on lanes on both Zen 5 and Zen 3 (benchmarks/measurement-log.md).
    /// </summary>
    public const int LaneChunkCells = 1 << 17;

    private readonly IComputeBackend<T> backend;
    private readonly CollocationPoints<T> set;
    private readonly IResidualKernel<T> kernel;
    private readonly DeviceBuffer<T> seed;
    private readonly DeviceBuffer<T> values;
    private readonly DeviceBuffer<T>? scratchGradient;
    private readonly Chunk[] chunks;
    private readonly Lane[] lanes;
    private double[]? hostOutputs;
    private double[]? hostSeed;
    private DeviceBuffer<T>? boundaryJacobian;

    /// <summary>Creates the loss for fixed point counts.</summary>
    /// <param name="backend">Where to compute.</param>
    /// <param name="form">The problem.</param>
    /// <param name="shape">The network shape (input dimension = the problem's).</param>
    /// <param name="interiorPoints">Interior collocation points (≥ 1).</param>
    /// <param name="boundaryPoints">Boundary collocation points (≥ 0).</param>
    /// <param name="options">Loss weights.</param>
    /// <param name="chunkPoints">Points per chunk; 0 chooses it from <see cref="ChunkCells"/> (small batches stay whole).</param>
    public PinnLoss(IComputeBackend<T> backend, ResidualForm form, ResidualNetworkShape shape, int interiorPoints, int boundaryPoints, LossOptions options, int chunkPoints = 0)
    {
        this.backend = backend;
        Options = options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(interiorPoints, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(boundaryPoints);
        ArgumentOutOfRangeException.ThrowIfNegative(chunkPoints);
        if (shape.InputDimension != form.Dimension)
        {
            throw new ArgumentException($"The network takes {shape.InputDimension} inputs but the problem is {form.Dimension}-dimensional.", nameof(shape));
        }

        set = new CollocationPoints<T>(backend, form, interiorPoints, boundaryPoints, options.ResidualOnBoundary);
        int d = form.Dimension;
        // With threads to spare, chunks of one batch run side by side on single-threaded lanes (chunk i on lane
        // i mod lanes), so their chunks are cut for one core's cache and in a multiple of the lanes.
        int threads = backend.Lanes(int.MaxValue);
        int size = chunkPoints > 0 ? chunkPoints : DefaultChunkPoints(set.All, shape.Width, d, threads > 1 ? LaneChunkCells : ChunkCells, threads);
        chunks = [.. set.Plan(size, layout => new TaylorNetwork<T>(backend, shape, layout)).Select(c => new Chunk(c.Range, c.Network))];
        ForwardGemmFlops = 2L * (set.All + ((d + 1) * (long)ResidualPoints)) * shape.Width * shape.Width * shape.Depth;
        kernel = backend.CompileResidual(form);
        seed = backend.Allocate(chunks.Max(c => c.Network.Layout.Rows));
        values = backend.Allocate(set.All);
        scratchGradient = chunks.Length > 1 ? backend.Allocate(shape.ParameterCount) : null;
        lanes = new Lane[backend.Lanes(chunks.Length) is var l and > 1 ? l : 0];
        for (int w = 0; w < lanes.Length; w++)
        {
            var lane = backend.CreateMemberBackend();
            var own = chunks.Where((_, i) => i % lanes.Length == w).ToArray();
            // Chunks of one layout share a workspace: lane 0 computes in the shared one, the other lanes in their own.
            var networks = new Dictionary<ChannelLayout, TaylorNetwork<T>>();
            TaylorNetwork<T> NetworkOf(TaylorNetwork<T> shared) => networks.TryGetValue(shared.Layout, out var n)
                ? n
                : networks[shared.Layout] = w == 0 ? shared.On(lane) : new TaylorNetwork<T>(lane, shape, shared.Layout);
            lanes[w] = new Lane(
                lane,
                lane.CompileResidual(form),
                [.. own.Select(c => c with { Network = NetworkOf(c.Network) })],
                lane.Allocate(own.Max(c => c.Network.Layout.Rows)),
                w > 0 ? lane.Allocate(shape.ParameterCount) : null,
                own.Length > 1 ? lane.Allocate(shape.ParameterCount) : null);
        }
    }

    /// <summary>
    /// The loss of one lane that evaluates ensemble members side by side with other lanes
    /// (<see cref="IComputeRuntime{T}.Lanes"/>), its batch cut into chunks of about <see cref="LaneChunkCells"/>
    /// activations per layer. Its points come from the trainer's shared loss (<see cref="SetPoints"/>).
    /// </summary>
    /// <param name="lane">The lane's backend (<see cref="IComputeRuntime{T}.CreateMemberBackend"/>).</param>
    /// <param name="form">The problem.</param>
    /// <param name="shape">The network shape.</param>
    /// <param name="interiorPoints">Interior collocation points (≥ 1).</param>
    /// <param name="boundaryPoints">Boundary collocation points (≥ 0).</param>
    /// <param name="options">Loss weights.</param>
    /// <returns>The lane's loss.</returns>
    public static PinnLoss<T> ForLane(IComputeBackend<T> lane, ResidualForm form, ResidualNetworkShape shape, int interiorPoints, int boundaryPoints, LossOptions options)
    {
        ArgumentNullException.ThrowIfNull(form);
        ArgumentNullException.ThrowIfNull(shape);
        int chunk = DefaultChunkPoints(interiorPoints + boundaryPoints, shape.Width, form.Dimension, LaneChunkCells);
        return new PinnLoss<T>(lane, form, shape, interiorPoints, boundaryPoints, options, chunk);
    }

    /// <summary>
    /// Points per chunk when none is given: batches of at most 2 · <paramref name="cells"/> activations per layer stay
    /// whole (splitting the medium scale's 2 304 points in two was slower with <see cref="ChunkCells"/>),
    /// larger ones are cut into chunks of about <paramref name="cells"/> (at least 256 points).
    /// </summary>
    /// <param name="points">Points in the batch.</param>
    /// <param name="width">Network width N.</param>
    /// <param name="dimension">Space dimension d (a point has d + 2 channel rows).</param>
    /// <param name="cells">Activations per layer a chunk aims for: <see cref="ChunkCells"/> for a loss whose products use
    /// every thread, <see cref="LaneChunkCells"/> for a single-threaded lane.</param>
    /// <param name="lanes">Lanes the chunks are shared out to: their number is rounded up to a multiple of it, and the
    /// points spread evenly over them (so 576 points on 2 lanes are 2 chunks of 288).</param>
    public static int DefaultChunkPoints(int points, int width, int dimension, int cells = ChunkCells, int lanes = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(cells, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(lanes, 1);
        long cellsPerPoint = (long)width * (dimension + 2);
        int size = points * cellsPerPoint <= 2L * cells ? Math.Max(1, points) : (int)Math.Max(256, cells / cellsPerPoint);
        if (lanes == 1)
        {
            return size;
        }

        long count = ((points + (long)size - 1) / size + lanes - 1) / lanes * lanes;
        return (int)Math.Max(1, (points + count - 1) / count);
    }

    /// <summary>A single-threaded lane's backend, kernel, chunk networks (computing on it), seed and gradient buffers.</summary>
    private sealed record Lane(IComputeBackend<T> Backend, IResidualKernel<T> Kernel, Chunk[] Chunks, DeviceBuffer<T> Seed, DeviceBuffer<T>? Gradient, DeviceBuffer<T>? Scratch);

    private sealed record Chunk(PointChunk Range, TaylorNetwork<T> Network)
    {
        public int Start => Range.Start;

        public int Count => Range.Count;

        public int Interior => Range.Interior;

        public int Residual => Range.Residual;
    }

    /// <summary>The loss weights.</summary>
    public LossOptions Options { get; }

    /// <summary>The network the loss is taken of.</summary>
    public ResidualNetworkShape Shape => chunks[0].Network.Shape;

    /// <summary>Interior points.</summary>
    public int InteriorPoints => set.InteriorPoints;

    /// <summary>Boundary points.</summary>
    public int BoundaryPoints => set.BoundaryPoints;

    /// <summary>Points at which R² is averaged.</summary>
    public int ResidualPoints => set.ResidualPoints;

    /// <summary>Number of chunks a batch is processed in.</summary>
    public int Chunks => chunks.Length;

    /// <summary>Flops of the matrix products of one forward pass over the batch (the reverse pass does twice as many).</summary>
    public long ForwardGemmFlops { get; }

    /// <summary>u at every point after <see cref="Evaluate"/> (interior points first).</summary>
    public BufferView<T> Values => values.All;

    /// <summary>The current points on the host (interior rows first), row-major.</summary>
    public double[] HostPoints => set.HostPoints;

    /// <summary>Draws a fresh point set: interior points, then boundary points, independent uniform or shifted Halton.</summary>
    /// <param name="random">The generator.</param>
    /// <param name="sampling">How the points are drawn.</param>
    public void Resample(Xoshiro256 random, PointSampling sampling = PointSampling.Random) => set.Resample(random, sampling);

    /// <summary>Sets the points and evaluates f (residual points) and g (boundary points) once.</summary>
    /// <param name="all">Interior then boundary points, row-major, d per point.</param>
    public void SetPoints(ReadOnlySpan<double> all) => set.SetPoints(all);

    /// <summary>
    /// Rows of the residual vector of <see cref="Linearize"/>: one per residual point, then one per boundary point.
    /// </summary>
    public int ResidualRows => ResidualPoints + BoundaryPoints;

    /// <summary>
    /// The least-squares form of the loss: the residual vector r(θ) = [R(xᵢ)/√n_R ; √γ·(u(yₖ) − g(yₖ))/√n_B], whose
    /// squared norm is V without the weight penalty, and, when <paramref name="jacobian"/> is given, its Jacobian
    /// J = ∂r/∂θ (<see cref="ResidualRows"/> × ParameterCount, row-major, overwritten): the Taylor-mode reverse pass
    /// with one seed per point (∂R/∂u = N'(u) on the value row, −1 on the Laplacian row; 1 on a boundary value row),
    /// not summed over points (<see cref="TaylorNetwork{T}.Jacobian"/>). Residuals are formed in double.
    /// </summary>
    /// <param name="theta">The parameters.</param>
    /// <param name="residuals">Receives r (length <see cref="ResidualRows"/>).</param>
    /// <param name="jacobian">Receives J, or null for r alone.</param>
    /// <returns>The loss parts at θ, the weight penalty included.</returns>
    public LossBreakdown Linearize(BufferView<T> theta, Span<double> residuals, BufferView<T>? jacobian)
    {
        if (residuals.Length != ResidualRows)
        {
            throw new ArgumentException($"The residual vector must have {ResidualRows} entries.", nameof(residuals));
        }

        int parameters = chunks[0].Network.Shape.ParameterCount;
        if (jacobian is { } jv && jv.Length < (long)ResidualRows * parameters)
        {
            throw new ArgumentException($"The Jacobian needs {ResidualRows} × {parameters} entries.", nameof(jacobian));
        }

        int maxRows = chunks.Max(c => c.Network.Layout.Rows);
        var u = hostOutputs ??= new double[maxRows];
        var seedHost = hostSeed ??= new double[maxRows];
        double scaleR = ResidualPoints > 0 ? 1 / Math.Sqrt(ResidualPoints) : 0;
        double scaleB = BoundaryPoints > 0 ? Math.Sqrt(Options.BoundaryWeight / BoundaryPoints) : 0;
        double sumR2 = 0, sumAbsR = 0, maxAbsR = 0, sumB2 = 0, sumAbsB = 0;
        foreach (var c in chunks)
        {
            var layout = c.Network.Layout;
            var chunkPoints = set.PointsOf(c.Range);
            c.Network.Forward(theta, chunkPoints);
            backend.Download(c.Network.Output.Slice(0, layout.Rows), u.AsSpan(0, layout.Rows));
            Array.Clear(seedHost, 0, layout.Rows);
            for (int p = 0; p < c.Residual; p++)
            {
                int point = c.Start + p;
                double value = u[p];
                double r = -u[layout.LaplacianRow + p] + set.Compiled.Nonlinearity.Evaluate(set.HostPoints, point * set.Dimension, value) - set.HostSource[point];
                sumR2 += r * r;
                sumAbsR += Math.Abs(r);
                maxAbsR = double.IsNaN(r) ? double.NaN : Math.Max(maxAbsR, Math.Abs(r));
                residuals[point] = scaleR * r;
                seedHost[p] = scaleR * set.Compiled.NonlinearityDerivative.Evaluate(set.HostPoints, point * set.Dimension, value);
                seedHost[layout.LaplacianRow + p] = -scaleR;
            }

            for (int p = c.Interior; p < c.Count; p++)
            {
                int q = c.Start + p - InteriorPoints;
                double b = u[p] - set.HostBoundary[q];
                sumB2 += b * b;
                sumAbsB += Math.Abs(b);
                residuals[ResidualPoints + q] = scaleB * b;
            }

            backend.Copy(c.Network.Output.Slice(0, c.Count), values.Slice(c.Start, c.Count));
            if (jacobian is not { } j)
            {
                continue;
            }

            if (!Options.ResidualOnBoundary)
            {
                // Boundary points carry no residual: their rows are the boundary error's, in the same pass.
                for (int p = c.Interior; p < c.Count; p++)
                {
                    seedHost[p] = scaleB;
                }

                backend.Upload(seedHost.AsSpan(0, layout.Rows), seed.Slice(0, layout.Rows));
                c.Network.Jacobian(seed.Slice(0, layout.Rows), chunkPoints, j.Slice(c.Start * parameters, c.Count * parameters));
                continue;
            }

            backend.Upload(seedHost.AsSpan(0, layout.Rows), seed.Slice(0, layout.Rows));
            c.Network.Jacobian(seed.Slice(0, layout.Rows), chunkPoints, j.Slice(c.Start * parameters, c.Count * parameters));
            if (c.Count > c.Interior)
            {
                // Points on the sphere have a residual row and a boundary row: a second pass seeds the boundary error.
                Array.Clear(seedHost, 0, layout.Rows);
                for (int p = c.Interior; p < c.Count; p++)
                {
                    seedHost[p] = scaleB;
                }

                backend.Upload(seedHost.AsSpan(0, layout.Rows), seed.Slice(0, layout.Rows));
                var scratch = boundaryJacobian ??= backend.Allocate(chunks.Max(k => k.Count) * parameters);
                c.Network.Jacobian(seed.Slice(0, layout.Rows), chunkPoints, scratch.Slice(0, c.Count * parameters));
                int first = ResidualPoints + c.Start + c.Interior - InteriorPoints;
                backend.Copy(scratch.Slice(c.Interior * parameters, (c.Count - c.Interior) * parameters), j.Slice(first * parameters, (c.Count - c.Interior) * parameters));
            }
        }

        double residual = ResidualPoints > 0 ? sumR2 / ResidualPoints : 0;
        double boundaryLoss = BoundaryPoints > 0 ? sumB2 / BoundaryPoints : 0;
        double penalty = Options.WeightDecay * backend.Dot(theta, theta);
        return new LossBreakdown(
            residual + (Options.BoundaryWeight * boundaryLoss) + penalty,
            residual,
            boundaryLoss,
            penalty,
            ResidualPoints > 0 ? sumAbsR / ResidualPoints : 0,
            maxAbsR,
            BoundaryPoints > 0 ? sumAbsB / BoundaryPoints : 0);
    }

    /// <summary>V(θ) and, when <paramref name="gradient"/> is given, ∂V/∂θ (overwritten).</summary>
    /// <param name="theta">The parameters.</param>
    /// <param name="gradient">Receives the gradient, or null for the loss alone.</param>
    public LossBreakdown Evaluate(BufferView<T> theta, BufferView<T>? gradient)
    {
        // A profiled step runs the chunks one after another, so that its phase times add up to the step's wall time.
        var sum = lanes.Length > 1 && !backend.Profiler.Enabled ? EvaluateOnLanes(theta, gradient) : EvaluateChunks(theta, gradient);
        double penalty = Options.WeightDecay * backend.Dot(theta, theta);
        if (gradient is { } grad && Options.WeightDecay > 0)
        {
            backend.Axpy(2 * Options.WeightDecay, theta, grad);
        }

        return sum.WithPenalty(penalty);
    }

    /// <summary>
    /// The chunks side by side, chunk i on lane i mod lanes: each lane sums its chunks' parts and gradients in order
    /// (lane 0 straight into <paramref name="gradient"/>), then the lanes' sums are added in lane order — the same
    /// result for the same thread count, every time.
    /// </summary>
    private LossBreakdown EvaluateOnLanes(BufferView<T> theta, BufferView<T>? gradient)
    {
        var sums = new LossBreakdown[lanes.Length];
        Parallel.For(0, lanes.Length, new ParallelOptions { MaxDegreeOfParallelism = lanes.Length }, w =>
        {
            var lane = lanes[w];
            var laneGradient = gradient is { } g ? lane.Gradient?.All ?? g : (BufferView<T>?)null;
            sums[w] = SumChunks(lane.Backend, lane.Kernel, lane.Chunks, lane.Seed, lane.Scratch, theta, laneGradient);
        });

        var total = sums[0];
        for (int w = 1; w < lanes.Length; w++)
        {
            total = total.Plus(sums[w]);
            if (gradient is { } g)
            {
                backend.Axpy(1, lanes[w].Gradient!.All, g);
            }
        }

        return total;
    }

    private LossBreakdown EvaluateChunks(BufferView<T> theta, BufferView<T>? gradient) =>
        SumChunks(backend, kernel, chunks, seed, scratchGradient, theta, gradient);

    /// <summary>
    /// Forward pass, loss kernel and (with a gradient) reverse pass of <paramref name="own"/> in order on one backend:
    /// the first chunk's gradient lands in <paramref name="gradient"/>, the others' are added through
    /// <paramref name="scratch"/>; the chunks' values go to <see cref="values"/>.
    /// </summary>
    private LossBreakdown SumChunks(IComputeBackend<T> on, IResidualKernel<T> onKernel, Chunk[] own, DeviceBuffer<T> onSeed, DeviceBuffer<T>? scratch, BufferView<T> theta, BufferView<T>? gradient)
    {
        var sum = default(LossBreakdown);
        for (int i = 0; i < own.Length; i++)
        {
            var c = own[i];
            var chunkPoints = set.PointsOf(c.Range);
            c.Network.Forward(theta, chunkPoints);
            long t = on.Profiler.Start();
            var layout = c.Network.Layout;
            var chunkSeed = onSeed.Slice(0, layout.Rows);
            var parts = on.PoissonLoss(onKernel, layout, c.Interior, c.Residual, Options.BoundaryWeight, ResidualPoints, BoundaryPoints, c.Network.Output.All, set.SourceOf(c.Range), set.BoundaryOf(c.Range), chunkSeed, chunkPoints);
            on.Copy(c.Network.Output.Slice(0, c.Count), values.Slice(c.Start, c.Count));
            on.Profiler.Stop(StepPhase.LossKernel, t);
            sum = sum.Plus(parts);
            if (gradient is { } g)
            {
                if (i == 0)
                {
                    c.Network.Backward(chunkSeed, chunkPoints, g);
                }
                else
                {
                    c.Network.Backward(chunkSeed, chunkPoints, scratch!.All);
                    on.Axpy(1, scratch.All, g);
                }
            }
        }

        return sum;
    }
}
