namespace Pinn.Optimizers.Synthetic;

/// <summary>
/// Ackley: F = −20·exp(−b·√(|θ|²/n)) − exp(Σcos(2πθᵢ)/n) + 20 + e; minimum 0 at 0 among many local minima.
/// b = 0.2 is the textbook function (the paper's eq. 15); the authors' notebook uses b = 0.02.
/// </summary>
/// <param name="b">The exponent coefficient.</param>
public sealed class Ackley(double b) : SyntheticFunction
{
    /// <summary>The exponent coefficient b.</summary>
    public double B { get; } = b;

    /// <inheritdoc />
    public override string Name => B == 0.2 ? "ackley" : B == 0.02 ? "ackley-repo" : $"ackley(b={B})";

    /// <inheritdoc />
    public override double Value(ReadOnlySpan<double> theta)
    {
        int n = theta.Length;
        double sq = 0, cos = 0;
        foreach (double t in theta)
        {
            sq += t * t;
            cos += Math.Cos(2 * Math.PI * t);
        }

        return (-20 * Math.Exp(-B * Math.Sqrt(sq / n))) - Math.Exp(cos / n) + 20 + Math.E;
    }

    /// <inheritdoc />
    public override void Gradient(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        int n = theta.Length;
        double sq = 0, cos = 0;
        foreach (double t in theta)
        {
            sq += t * t;
            cos += Math.Cos(2 * Math.PI * t);
        }

        double rho = Math.Sqrt(sq / n);
        double radial = rho > 0 ? 20 * B * Math.Exp(-B * rho) / (n * rho) : 0;
        double wave = Math.Exp(cos / n) * 2 * Math.PI / n;
        for (int i = 0; i < n; i++)
        {
            gradient[i] = (radial * theta[i]) + (wave * Math.Sin(2 * Math.PI * theta[i]));
        }
    }
}
