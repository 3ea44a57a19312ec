using System.Numerics;
using Pinn.Core.Benchmarking;
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
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
public sealed class PinnLoss<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly IComputeBackend<T> backend;
    private readonly ResidualForm form;
    private readonly CompiledResidualForm compiled;
    private readonly IResidualKernel<T> kernel;
    private readonly DeviceBuffer<T> points;
    private readonly DeviceBuffer<T> source;
    private readonly DeviceBuffer<T> boundary;
    private readonly DeviceBuffer<T> seed;

    /// <summary>Creates the loss for fixed point counts.</summary>
    /// <param name="backend">Where to compute.</param>
    /// <param name="form">The problem.</param>
    /// <param name="shape">The network shape (input dimension = the problem's).</param>
    /// <param name="interiorPoints">Interior collocation points (≥ 1).</param>
    /// <param name="boundaryPoints">Boundary collocation points (≥ 0).</param>
    /// <param name="options">Loss weights.</param>
    public PinnLoss(IComputeBackend<T> backend, ResidualForm form, ResidualNetworkShape shape, int interiorPoints, int boundaryPoints, LossOptions options)
    {
        this.backend = backend;
        this.form = form;
        Options = options.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(interiorPoints, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(boundaryPoints);
        if (shape.InputDimension != form.Dimension)
        {
            throw new ArgumentException($"The network takes {shape.InputDimension} inputs but the problem is {form.Dimension}-dimensional.", nameof(shape));
        }

        InteriorPoints = interiorPoints;
        BoundaryPoints = boundaryPoints;
        int all = interiorPoints + boundaryPoints;
        ResidualPoints = options.ResidualOnBoundary ? all : interiorPoints;
        Layout = new ChannelLayout(all, ResidualPoints, form.Dimension);
        Network = new TaylorNetwork<T>(backend, shape, Layout);
        compiled = form.Compile();
        kernel = backend.CompileResidual(form);
        points = backend.Allocate(all * form.Dimension);
        source = backend.Allocate(ResidualPoints);
        boundary = backend.Allocate(Math.Max(1, boundaryPoints));
        seed = backend.Allocate(Layout.Rows);
        HostPoints = new double[all * form.Dimension];
    }

    /// <summary>The loss weights.</summary>
    public LossOptions Options { get; }

    /// <summary>Interior points.</summary>
    public int InteriorPoints { get; }

    /// <summary>Boundary points.</summary>
    public int BoundaryPoints { get; }

    /// <summary>Points at which R² is averaged.</summary>
    public int ResidualPoints { get; }

    /// <summary>The channel layout.</summary>
    public ChannelLayout Layout { get; }

    /// <summary>The network evaluator (its <see cref="TaylorNetwork{T}.Output"/> holds u after an evaluation).</summary>
    public TaylorNetwork<T> Network { get; }

    /// <summary>The current points on the host (interior rows first), row-major.</summary>
    public double[] HostPoints { get; }

    /// <summary>Draws a fresh point set: uniform interior points, then uniform boundary points.</summary>
    /// <param name="random">The generator.</param>
    public void Resample(Xoshiro256 random)
    {
        int d = form.Dimension;
        var all = new double[HostPoints.Length];
        UnitBallSampler.Interior(random, d, all.AsSpan(0, InteriorPoints * d));
        UnitBallSampler.Sphere(random, d, all.AsSpan(InteriorPoints * d));
        SetPoints(all);
    }

    /// <summary>Sets the points and evaluates f (residual points) and g (boundary points) once.</summary>
    /// <param name="all">Interior then boundary points, row-major, d per point.</param>
    public void SetPoints(ReadOnlySpan<double> all)
    {
        int d = form.Dimension;
        if (all.Length != HostPoints.Length)
        {
            throw new ArgumentException($"Expected {HostPoints.Length / d} points of dimension {d}.", nameof(all));
        }

        all.CopyTo(HostPoints);
        backend.Upload(all, points.All);
        var f = new double[ResidualPoints];
        compiled.Source.EvaluateBatch(HostPoints, ResidualPoints, default, f);
        backend.Upload(f, source.All);
        if (BoundaryPoints > 0)
        {
            var g = new double[BoundaryPoints];
            var boundaryPoints = HostPoints.AsSpan(InteriorPoints * d).ToArray();
            compiled.Boundary.EvaluateBatch(boundaryPoints, BoundaryPoints, default, g);
            backend.Upload(g, boundary.Slice(0, BoundaryPoints));
        }
    }

    /// <summary>V(θ) and, when <paramref name="gradient"/> is given, ∂V/∂θ (overwritten).</summary>
    /// <param name="theta">The parameters.</param>
    /// <param name="gradient">Receives the gradient, or null for the loss alone.</param>
    public LossBreakdown Evaluate(BufferView<T> theta, BufferView<T>? gradient)
    {
        Network.Forward(theta, points.All);
        long t = PhaseTimer.Start();
        var parts = backend.PoissonLoss(kernel, Layout, InteriorPoints, ResidualPoints, Options.BoundaryWeight, Network.Output.All, source.All, boundary.All, seed.All);
        double penalty = Options.WeightDecay * backend.Dot(theta, theta);
        PhaseTimer.Stop("loss kernel", t);
        if (gradient is { } g)
        {
            Network.Backward(seed.All, points.All, g);
            if (Options.WeightDecay > 0)
            {
                backend.Axpy(2 * Options.WeightDecay, theta, g);
            }
        }

        return parts with { Total = parts.Total + penalty, Regularization = penalty };
    }
}
