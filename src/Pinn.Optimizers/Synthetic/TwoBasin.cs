namespace Pinn.Optimizers.Synthetic;

/// <summary>
/// The paper's two-basin function (eq. 17), 2-D: V = −exp(−0.4|θ−c₁|²) − (1 − ε)exp(−0.8|θ−c₂|²)
/// + 0.001|θ−c₁|²|θ−c₂|² + 1 with c₁ = (−2, −2), c₂ = (2, 2), ε = 2.75e-6 (both minima at V ≈ 0).
/// </summary>
public sealed class TwoBasin : SyntheticFunction
{
    /// <summary>Centre of basin 1.</summary>
    public static readonly double[] Center1 = [-2, -2];

    /// <summary>Centre of basin 2.</summary>
    public static readonly double[] Center2 = [2, 2];

    /// <summary>ε.</summary>
    public const double Epsilon = 2.75e-6;

    /// <inheritdoc />
    public override string Name => "two-basin";

    private static double Distance2(ReadOnlySpan<double> x, double[] c)
    {
        double s = 0;
        for (int i = 0; i < 2; i++)
        {
            s += (x[i] - c[i]) * (x[i] - c[i]);
        }

        return s;
    }

    /// <inheritdoc />
    public override double Value(ReadOnlySpan<double> theta)
    {
        double a = Distance2(theta, Center1), b = Distance2(theta, Center2);
        return -Math.Exp(-0.4 * a) - ((1 - Epsilon) * Math.Exp(-0.8 * b)) + (0.001 * a * b) + 1;
    }

    /// <inheritdoc />
    public override void Gradient(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        double a = Distance2(theta, Center1), b = Distance2(theta, Center2);
        double ea = Math.Exp(-0.4 * a), eb = (1 - Epsilon) * Math.Exp(-0.8 * b);
        for (int i = 0; i < 2; i++)
        {
            double da = theta[i] - Center1[i], db = theta[i] - Center2[i];
            gradient[i] = (0.8 * da * ea) + (1.6 * db * eb) + (0.002 * ((da * b) + (db * a)));
        }
    }
}
