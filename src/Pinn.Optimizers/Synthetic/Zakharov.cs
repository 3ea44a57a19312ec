namespace Pinn.Optimizers.Synthetic;

/// <summary>Zakharov: F = Σθᵢ² + S² + S⁴ with S = ½Σ iθᵢ (i from 1); minimum 0 at 0; long shallow valleys.</summary>
public sealed class Zakharov : SyntheticFunction
{
    /// <inheritdoc />
    public override string Name => "zakharov";

    private static double S(ReadOnlySpan<double> theta)
    {
        double s = 0;
        for (int i = 0; i < theta.Length; i++)
        {
            s += (i + 1) * theta[i];
        }

        return 0.5 * s;
    }

    /// <inheritdoc />
    public override double Value(ReadOnlySpan<double> theta)
    {
        double sum = 0;
        foreach (double t in theta)
        {
            sum += t * t;
        }

        double s = S(theta), s2 = s * s;
        return sum + s2 + (s2 * s2);
    }

    /// <inheritdoc />
    public override void Gradient(ReadOnlySpan<double> theta, Span<double> gradient)
    {
        double s = S(theta);
        double common = s + (2 * s * s * s);
        for (int j = 0; j < theta.Length; j++)
        {
            gradient[j] = (2 * theta[j]) + ((j + 1) * common);
        }
    }
}
