namespace Pinn.Core.Symbolic;

/// <summary>
/// The error function erf(x) = 2/√π ∫₀ˣ e^(−t²) dt in double precision (stateless). |x| &lt; 2.5: the series
/// erf(x) = 2/√π · e^(−x²) · Σ 2ⁿ x^(2n+1) / (1·3···(2n+1)), whose terms are all positive (no cancellation); beyond:
/// erf(x) = 1 − erfc(x) with erfc from its continued fraction, evaluated by the modified Lentz method.
/// </summary>
public static class ErrorFunction
{
    private const double TwoOverSqrtPi = 1.1283791670955126;
    private const double OneOverSqrtPi = 0.56418958354775628;

    /// <summary>erf(x); odd, ±1 at ±∞, NaN for NaN.</summary>
    /// <param name="x">The argument.</param>
    public static double Erf(double x)
    {
        if (double.IsNaN(x))
        {
            return double.NaN;
        }

        double a = Math.Abs(x);
        double value = a < 2.5 ? Series(a) : 1 - ComplementContinuedFraction(a);
        return x < 0 ? -value : value;
    }

    private static double Series(double a)
    {
        double term = a, sum = a, x2 = a * a;
        for (int n = 1; n < 200; n++)
        {
            term *= 2 * x2 / ((2 * n) + 1);
            sum += term;
            if (term < 1e-17 * sum)
            {
                break;
            }
        }

        return TwoOverSqrtPi * Math.Exp(-x2) * sum;
    }

    /// <summary>erfc(a) for a ≥ 2.5: e^(−a²)/√π · 1/(a + (1/2)/(a + 1/(a + (3/2)/(a + …)))).</summary>
    private static double ComplementContinuedFraction(double a)
    {
        if (a > 27)
        {
            return 0; // e^(−a²) underflows
        }

        const double tiny = 1e-300;
        double f = a, c = a, d = 0;
        for (int n = 1; n < 500; n++)
        {
            double an = n / 2.0;
            d = a + (an * d);
            d = Math.Abs(d) < tiny ? tiny : d;
            c = a + (an / c);
            c = Math.Abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.Abs(delta - 1) < 1e-16)
            {
                break;
            }
        }

        return OneOverSqrtPi * Math.Exp(-a * a) / f;
    }
}
