using System.Numerics;
using Pinn.Core.Compute;
using Pinn.Core.Geometry;
using Pinn.Core.Networks;
using Pinn.Core.Problems;
using Pinn.Core.Randomness;

namespace Pinn.Core.Loss;

/// <summary>
/// The collocation points of a loss on a backend — interior points first, then boundary points — with f at the
/// residual points and g at the boundary points evaluated once per point set, and the chunks a batch is processed in.
/// Shared by the one-member loss (<see cref="PinnLoss{T}"/>) and the members-side-by-side loss (<see cref="EnsembleLoss{T}"/>).
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
internal sealed class CollocationPoints<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    private readonly IComputeBackend<T> backend;
    private readonly CompiledResidualForm compiled;

    public CollocationPoints(IComputeBackend<T> backend, ResidualForm form, int interiorPoints, int boundaryPoints, bool residualOnBoundary)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(interiorPoints, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(boundaryPoints);
        this.backend = backend;
        compiled = form.Compile();
        Dimension = form.Dimension;
        InteriorPoints = interiorPoints;
        BoundaryPoints = boundaryPoints;
        ResidualPoints = residualOnBoundary ? interiorPoints + boundaryPoints : interiorPoints;
        Points = backend.Allocate(All * Dimension);
        Source = backend.Allocate(Math.Max(1, ResidualPoints));
        Boundary = backend.Allocate(Math.Max(1, boundaryPoints));
        HostPoints = new double[All * Dimension];
    }

    public CompiledResidualForm Compiled => compiled;

    public int Dimension { get; }

    public int InteriorPoints { get; }

    public int BoundaryPoints { get; }

    public int ResidualPoints { get; }

    public int All => InteriorPoints + BoundaryPoints;

    public double[] HostPoints { get; }

    public double[] HostSource { get; private set; } = [];

    public double[] HostBoundary { get; private set; } = [];

    public DeviceBuffer<T> Points { get; }

    public DeviceBuffer<T> Source { get; }

    public DeviceBuffer<T> Boundary { get; }

    /// <summary>
    /// Splits the points into chunks of at most <paramref name="size"/> points, each with the network workspace for its
    /// channel layout (created once per distinct layout and shared by the chunks that have it).
    /// </summary>
    public (PointChunk Range, TNetwork Network)[] Plan<TNetwork>(int size, Func<ChannelLayout, TNetwork> create)
    {
        var networks = new Dictionary<ChannelLayout, TNetwork>();
        var list = new List<(PointChunk, TNetwork)>();
        for (int start = 0; start < All; start += size)
        {
            int count = Math.Min(size, All - start);
            var chunk = new PointChunk(start, count, Math.Clamp(InteriorPoints - start, 0, count), Math.Clamp(ResidualPoints - start, 0, count), Dimension);
            if (!networks.TryGetValue(chunk.Layout, out var network))
            {
                network = create(chunk.Layout);
                networks[chunk.Layout] = network;
            }

            list.Add((chunk, network));
        }

        return [.. list];
    }

    public BufferView<T> PointsOf(PointChunk c) => Points.Slice(c.Start * Dimension, c.Count * Dimension);

    public BufferView<T> SourceOf(PointChunk c) => c.Residual > 0 ? Source.Slice(c.Start, c.Residual) : Source.Slice(0, 0);

    public BufferView<T> BoundaryOf(PointChunk c)
    {
        int count = c.Count - c.Interior;
        return count > 0 ? Boundary.Slice(c.Start + c.Interior - InteriorPoints, count) : Boundary.Slice(0, 0);
    }

    public void Resample(Xoshiro256 random, PointSampling sampling = PointSampling.Random)
    {
        int d = Dimension;
        var all = new double[HostPoints.Length];
        if (sampling == PointSampling.Halton)
        {
            HaltonBallSampler.Interior(random, d, all.AsSpan(0, InteriorPoints * d));
            HaltonBallSampler.Sphere(random, d, all.AsSpan(InteriorPoints * d));
        }
        else
        {
            UnitBallSampler.Interior(random, d, all.AsSpan(0, InteriorPoints * d));
            UnitBallSampler.Sphere(random, d, all.AsSpan(InteriorPoints * d));
        }

        SetPoints(all);
    }

    public void SetPoints(ReadOnlySpan<double> all)
    {
        int d = Dimension;
        if (all.Length != HostPoints.Length)
        {
            throw new ArgumentException($"Expected {HostPoints.Length / d} points of dimension {d}.", nameof(all));
        }

        all.CopyTo(HostPoints);
        backend.Upload(all, Points.All);
        var f = new double[ResidualPoints];
        compiled.Source.EvaluateBatch(HostPoints, ResidualPoints, default, f);
        backend.Upload(f, Source.All);
        HostSource = f;
        var g = new double[BoundaryPoints];
        if (BoundaryPoints > 0)
        {
            var boundaryPoints = HostPoints.AsSpan(InteriorPoints * d).ToArray();
            compiled.Boundary.EvaluateBatch(boundaryPoints, BoundaryPoints, default, g);
            backend.Upload(g, Boundary.Slice(0, BoundaryPoints));
        }

        HostBoundary = g;
    }
}

/// <summary>A contiguous range of a batch's points: its first point, its count, and how many of them are interior and residual points.</summary>
internal readonly record struct PointChunk(int Start, int Count, int Interior, int Residual, int Dimension)
{
    public ChannelLayout Layout => new(Count, Residual, Dimension);
}
