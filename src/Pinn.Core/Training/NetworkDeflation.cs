using System.Numerics;
using Pinn.Core.Compute;
using Pinn.Core.Geometry;
using Pinn.Core.Networks;
using Pinn.Core.Optimization;
using Pinn.Core.Randomness;

namespace Pinn.Core.Training;

/// <summary>
/// The deflation factor of a residual network: u(θ) is evaluated at Q fixed points of the ball (one value-only forward
/// pass), M = <see cref="DeflationFactor.Compute"/> against the known solutions sampled at the same points, and
/// ∇θ M = M·J_uᵀ·∇_u ln M by one reverse pass seeded with M·∇_u ln M (a vector–Jacobian product, never J_u itself).
/// </summary>
/// <typeparam name="T">The backend's precision.</typeparam>
public sealed class NetworkDeflation<T> : IDeflation
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly IComputeBackend<T> backend;
    private readonly TaylorNetwork<T> network;
    private readonly DeviceBuffer<T> points;
    private readonly DeviceBuffer<T> seed;
    private readonly DeviceBuffer<T> theta;
    private readonly DeviceBuffer<T> gradient;
    private readonly List<double[]> known = [];
    private readonly double[] u;
    private readonly double[] logGradient;

    /// <summary>Sets up the factor on fixed points.</summary>
    /// <param name="backend">Where the network is evaluated.</param>
    /// <param name="shape">The network's shape.</param>
    /// <param name="hostPoints">Q points, row-major (Q × d).</param>
    /// <param name="options">p, α.</param>
    public NetworkDeflation(IComputeBackend<T> backend, ResidualNetworkShape shape, double[] hostPoints, DeflationOptions options)
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(hostPoints);
        Options = options.Validate();
        int d = shape.InputDimension;
        if (hostPoints.Length == 0 || hostPoints.Length % d != 0)
        {
            throw new ArgumentException($"The points must be a non-empty multiple of the dimension {d}.", nameof(hostPoints));
        }

        this.backend = backend;
        HostPoints = hostPoints;
        int q = hostPoints.Length / d;
        network = new TaylorNetwork<T>(backend, shape, new ChannelLayout(q, 0, d));
        points = backend.Allocate(hostPoints.Length);
        backend.Upload(hostPoints, points.All);
        seed = backend.Allocate(q);
        theta = backend.Allocate(shape.ParameterCount);
        gradient = backend.Allocate(shape.ParameterCount);
        u = new double[q];
        logGradient = new double[q];
    }

    /// <summary>A run's deflation over fixed interior points from random stream 4, or null without <see cref="RunOptions.Deflation"/>.</summary>
    /// <param name="backend">Where the networks are evaluated.</param>
    /// <param name="shape">The network.</param>
    /// <param name="options">The run options.</param>
    public static NetworkDeflation<T>? For(IComputeBackend<T> backend, ResidualNetworkShape shape, RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(options);
        if (options.Deflation is not { } deflate)
        {
            return null;
        }

        var points = new double[deflate.Points * shape.InputDimension];
        UnitBallSampler.Interior(Xoshiro256.ForStream(options.Training.Seed, 4), shape.InputDimension, points);
        return new NetworkDeflation<T>(backend, shape, points, deflate);
    }

    /// <summary>The Q points, one array of d coordinates each.</summary>
    public IReadOnlyList<double[]> Points => HostPoints.Chunk(HostPoints.Length / PointCount).ToArray();

    /// <summary>p and α.</summary>
    public DeflationOptions Options { get; }

    /// <summary>The Q points, row-major.</summary>
    public double[] HostPoints { get; }

    /// <summary>Q.</summary>
    public int PointCount => u.Length;

    /// <inheritdoc />
    public int Count => known.Count;

    /// <summary>The known solutions at the points.</summary>
    public IReadOnlyList<double[]> Known => known;

    /// <summary>Adds a known solution by its values at <see cref="HostPoints"/>.</summary>
    /// <param name="values">Q finite values.</param>
    public void Add(double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Length != u.Length || !values.All(double.IsFinite))
        {
            throw new ArgumentException($"A known solution needs {u.Length} finite values, one per deflation point.", nameof(values));
        }

        known.Add((double[])values.Clone());
    }

    /// <summary>The network's values at the points.</summary>
    /// <param name="parameters">θ on the backend.</param>
    public double[] Values(BufferView<T> parameters)
    {
        network.Forward(parameters, points.All);
        var values = new double[u.Length];
        backend.Download(network.Output.Slice(0, u.Length), values);
        return values;
    }

    /// <summary>M at θ and, when <paramref name="gradientOfM"/> is given, ∇θ M written there (overwritten).</summary>
    /// <param name="parameters">θ on the backend.</param>
    /// <param name="gradientOfM">Receives ∇θ M, or null.</param>
    public double Factor(BufferView<T> parameters, BufferView<T>? gradientOfM)
    {
        if (known.Count == 0)
        {
            if (gradientOfM is { } g0)
            {
                backend.Fill(g0, 0);
            }

            return 1;
        }

        network.Forward(parameters, points.All);
        backend.Download(network.Output.Slice(0, u.Length), u);
        double m = DeflationFactor.Compute(u, known, Options.Power, Options.Shift, gradientOfM is null ? [] : logGradient);
        if (gradientOfM is { } g)
        {
            for (int i = 0; i < logGradient.Length; i++)
            {
                logGradient[i] *= m;
            }

            backend.Upload(logGradient, seed.All);
            network.Backward(seed.All, points.All, g);
        }

        return m;
    }

    /// <inheritdoc />
    public double Factor(ReadOnlySpan<double> parameters, Span<double> gradientOfM)
    {
        backend.Upload(parameters, theta.All);
        if (gradientOfM.IsEmpty)
        {
            return Factor(theta.All, null);
        }

        double m = Factor(theta.All, gradient.All);
        backend.Download(gradient.All, gradientOfM);
        return m;
    }
}
