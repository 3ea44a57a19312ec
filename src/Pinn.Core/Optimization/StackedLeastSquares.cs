using System.Numerics.Tensors;
using Pinn.Core.Compute;

namespace Pinn.Core.Optimization;

/// <summary>
/// Two least-squares systems in the same parameters as one: r = (r₁, w·r₂), V = ‖r₁‖² + λ₁‖θ‖² + w²‖r₂‖² (the first
/// system's weight penalty; the second's is ignored). Used to anchor the PINN loss to known values while a start is
/// carried into a solution's basin (<c>CatalogStart.Anchor</c> in Pinn.Runs).
/// </summary>
public sealed class StackedLeastSquares : ILeastSquaresSystem
{
    private readonly ILeastSquaresSystem first;
    private readonly ILeastSquaresSystem second;
    private readonly double weight;
    private double[] firstJacobian = [];
    private double[] secondJacobian = [];

    /// <summary>Stacks <paramref name="second"/>, scaled by <paramref name="weight"/>, under <paramref name="first"/>.</summary>
    /// <param name="first">The first system (its weight penalty, threads and profiler are the stack's).</param>
    /// <param name="second">The second system, in the same parameters.</param>
    /// <param name="weight">w ≥ 0, finite: the second system's residuals are multiplied by it.</param>
    /// <exception cref="ArgumentException">The systems have different parameter counts, or w is negative or not finite.</exception>
    public StackedLeastSquares(ILeastSquaresSystem first, ILeastSquaresSystem second, double weight)
    {
        this.first = first ?? throw new ArgumentNullException(nameof(first));
        this.second = second ?? throw new ArgumentNullException(nameof(second));
        if (first.ParameterCount != second.ParameterCount)
        {
            throw new ArgumentException($"the systems have {first.ParameterCount} and {second.ParameterCount} parameters; stack systems in the same parameters.", nameof(second));
        }

        if (!(weight >= 0 && double.IsFinite(weight)))
        {
            throw new ArgumentException($"the weight must be finite and ≥ 0 (got {weight}).", nameof(weight));
        }

        this.weight = weight;
    }

    /// <inheritdoc />
    public int ParameterCount => first.ParameterCount;

    /// <inheritdoc />
    public int Rows => first.Rows + second.Rows;

    /// <inheritdoc />
    public double WeightDecay => first.WeightDecay;

    /// <inheritdoc />
    public int Threads => first.Threads;

    /// <inheritdoc />
    public PhaseProfiler Profiler => first.Profiler;

    /// <inheritdoc />
    public double Evaluate(double[] theta, Span<double> residuals, double[]? jacobian)
    {
        ArgumentNullException.ThrowIfNull(theta);
        int n = ParameterCount, rows1 = first.Rows;
        if (residuals.Length < Rows)
        {
            throw new ArgumentException($"residuals has {residuals.Length} entries, the stack {Rows} rows.", nameof(residuals));
        }

        if (jacobian is not null && firstJacobian.Length != rows1 * n)
        {
            firstJacobian = new double[rows1 * n];
            secondJacobian = new double[second.Rows * n];
        }

        double v = first.Evaluate(theta, residuals[..rows1], jacobian is null ? null : firstJacobian);
        double v2 = second.Evaluate(theta, residuals.Slice(rows1, second.Rows), jacobian is null ? null : secondJacobian) - (second.WeightDecay * TensorPrimitives.SumOfSquares<double>(theta));
        if (jacobian is not null)
        {
            Array.Copy(firstJacobian, jacobian, rows1 * n);
            TensorPrimitives.Multiply(secondJacobian, weight, jacobian.AsSpan(rows1 * n, secondJacobian.Length));
        }

        var scaled = residuals.Slice(rows1, second.Rows);
        TensorPrimitives.Multiply(scaled, weight, scaled);

        return v + (weight * weight * v2);
    }
}
