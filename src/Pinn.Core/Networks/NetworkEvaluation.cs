using System.Numerics;
using Pinn.Core.Compute;
using Pinn.Core.Compute.Cpu;

namespace Pinn.Core.Networks;

/// <summary>A residual network's values u(x) at arbitrary points (one value-only forward pass). Stateless.</summary>
public static class NetworkEvaluation
{
    /// <summary>u at <paramref name="points"/> for parameters already on a backend.</summary>
    /// <typeparam name="T">The backend's precision.</typeparam>
    /// <param name="backend">The backend θ lives on.</param>
    /// <param name="shape">The network's shape.</param>
    /// <param name="theta">θ.</param>
    /// <param name="points">Points of dimension d.</param>
    public static double[] Values<T>(IComputeBackend<T> backend, ResidualNetworkShape shape, BufferView<T> theta, IReadOnlyList<double[]> points)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(backend);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(points);
        if (points.Count == 0)
        {
            return [];
        }

        var network = Forward(backend, shape, theta, points, withLaplacians: false);
        var result = new double[points.Count];
        backend.Download(network.Output.Slice(0, points.Count), result);
        return result;
    }

    /// <summary>u at <paramref name="points"/> for parameters on the host, in float64 on one CPU thread.</summary>
    /// <param name="shape">The network's shape.</param>
    /// <param name="theta">θ (<see cref="ResidualNetworkShape.ParameterCount"/> values).</param>
    /// <param name="points">Points of dimension d.</param>
    public static double[] Values(ResidualNetworkShape shape, ReadOnlySpan<double> theta, IReadOnlyList<double[]> points)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (theta.Length != shape.ParameterCount)
        {
            throw new ArgumentException($"θ needs {shape.ParameterCount} values for this shape.", nameof(theta));
        }

        var backend = new CpuBackend<double>(1);
        var buffer = backend.Allocate(theta.Length);
        backend.Upload(theta, buffer.All);
        return Values(backend, shape, buffer.All, points);
    }

    /// <summary>u and its Laplacian Σ∂²u/∂x_k² at <paramref name="points"/>, for parameters on the host, in float64 on one CPU thread.</summary>
    /// <param name="shape">The network's shape.</param>
    /// <param name="theta">θ (<see cref="ResidualNetworkShape.ParameterCount"/> values).</param>
    /// <param name="points">Points of dimension d.</param>
    /// <returns>u and ∇²u at each point (Taylor mode, exact up to rounding).</returns>
    public static (double[] Values, double[] Laplacians) WithLaplacians(ResidualNetworkShape shape, ReadOnlySpan<double> theta, IReadOnlyList<double[]> points)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(points);
        if (theta.Length != shape.ParameterCount)
        {
            throw new ArgumentException($"θ needs {shape.ParameterCount} values for this shape.", nameof(theta));
        }

        int n = points.Count;
        if (n == 0)
        {
            return ([], []);
        }

        var backend = new CpuBackend<double>(1);
        var parameters = backend.Allocate(theta.Length);
        backend.Upload(theta, parameters.All);
        var network = Forward(backend, shape, parameters.All, points, withLaplacians: true);
        var u = new double[n];
        var laplacian = new double[n];
        backend.Download(network.Output.Slice(0, n), u);
        backend.Download(network.Output.Slice(network.Layout.LaplacianRow, n), laplacian);
        return (u, laplacian);
    }

    /// <summary>One forward pass at <paramref name="points"/>: values only, or values and the Laplacian channels too.</summary>
    private static TaylorNetwork<T> Forward<T>(IComputeBackend<T> backend, ResidualNetworkShape shape, BufferView<T> theta, IReadOnlyList<double[]> points, bool withLaplacians)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>
    {
        int n = points.Count, d = shape.InputDimension;
        var network = new TaylorNetwork<T>(backend, shape, new ChannelLayout(n, withLaplacians ? n : 0, d));
        var flat = new double[n * d];
        for (int i = 0; i < n; i++)
        {
            points[i].AsSpan(0, d).CopyTo(flat.AsSpan(i * d));
        }

        var buffer = backend.Allocate(flat.Length);
        backend.Upload(flat, buffer.All);
        network.Forward(theta, buffer.All);
        return network;
    }
}
