using Pinn.Core.Compute;
using Pinn.Core.Compute.Cpu;
using Pinn.Core.Networks;
using Pinn.Core.Optimization;
using Pinn.Core.Problems;

namespace Pinn.Core.Loss;

/// <summary>
/// Fitting a network's values to given ones as a least-squares system: r_k = (u(x_k) − t_k)/√P over P points, float64.
/// The rows and their Jacobian ∂u/∂θ are the PINN loss's boundary rows (γ = 1, g = 0) at the points, wherever they lie;
/// the loss's one interior row is held at zero. Used to shape a starting network like a known solution.
/// </summary>
public sealed class ValueFit : ILeastSquaresSystem
{
    private readonly PinnLeastSquares inner;
    private readonly double[] targets;
    private readonly int interiorRows;

    /// <summary>A fit of <paramref name="shape"/>'s values at <paramref name="points"/> to <paramref name="values"/>.</summary>
    /// <param name="shape">The network's shape.</param>
    /// <param name="points">The points (each of the shape's input dimension).</param>
    /// <param name="values">The values to fit, one per point.</param>
    /// <param name="threads">CPU threads.</param>
    public ValueFit(ResidualNetworkShape shape, IReadOnlyList<double[]> points, IReadOnlyList<double> values, int threads = 1)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(points);
        ArgumentNullException.ThrowIfNull(values);
        if (points.Count != values.Count || points.Count == 0)
        {
            throw new ArgumentException($"give one value per point ({points.Count} points, {values.Count} values), at least one.", nameof(values));
        }

        int d = shape.InputDimension;
        var backend = new CpuBackend<double>(threads);
        var form = new ResidualForm(d, 0.0, 0.0, 0.0, 0.0, new Dictionary<string, double>());
        var loss = new PinnLoss<double>(backend, form, shape, 1, points.Count, new LossOptions(BoundaryWeight: 1, WeightDecay: 0));
        var all = new double[(1 + points.Count) * d];
        for (int k = 0; k < points.Count; k++)
        {
            if (points[k].Length != d)
            {
                throw new ArgumentException($"point {k} has {points[k].Length} coordinates, the network {d}.", nameof(points));
            }

            points[k].CopyTo(all, (1 + k) * d);
        }

        loss.SetPoints(all);
        inner = new PinnLeastSquares(loss, backend);
        interiorRows = loss.ResidualPoints;
        double scale = 1 / Math.Sqrt(points.Count);
        targets = values.Select(v => v * scale).ToArray();
    }

    /// <inheritdoc />
    public int ParameterCount => inner.ParameterCount;

    /// <inheritdoc />
    public int Rows => inner.Rows;

    /// <inheritdoc />
    public double WeightDecay => 0;

    /// <inheritdoc />
    public int Threads => inner.Threads;

    /// <inheritdoc />
    public PhaseProfiler Profiler => inner.Profiler;

    /// <inheritdoc />
    public double Evaluate(double[] theta, Span<double> residuals, double[]? jacobian)
    {
        inner.Evaluate(theta, residuals, jacobian);
        int n = ParameterCount;
        residuals[..interiorRows].Clear();
        if (jacobian is not null)
        {
            Array.Clear(jacobian, 0, interiorRows * n);
        }

        double sum = 0;
        for (int k = 0; k < targets.Length; k++)
        {
            double r = residuals[interiorRows + k] -= targets[k];
            sum += r * r;
        }

        return sum;
    }
}
