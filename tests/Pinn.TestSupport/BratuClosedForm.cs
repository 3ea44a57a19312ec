namespace Pinn.TestSupport;

/// <summary>
/// The one-dimensional Gelfand–Bratu problem −u″ = λeᵘ on (−1, 1), u(±1) = 0, in closed form:
/// u(x) = 2 ln(cosh θ / cosh θx) with 2θ² = λ cosh²θ, which has two roots θ for λ below ≈ 0.878.
/// </summary>
public static class BratuClosedForm
{
    /// <summary>The root θ of 2θ² = λcosh²θ in [a, b] (one sign change there), by bisection to round-off.</summary>
    /// <param name="lambda">λ.</param>
    /// <param name="a">Lower end.</param>
    /// <param name="b">Upper end.</param>
    public static double Theta(double lambda, double a, double b)
    {
        double F(double t) => t - (Math.Sqrt(lambda / 2) * Math.Cosh(t));
        for (int i = 0; i < 200; i++)
        {
            double m = 0.5 * (a + b);
            if (Math.Sign(F(m)) == Math.Sign(F(a)))
            {
                a = m;
            }
            else
            {
                b = m;
            }
        }

        return 0.5 * (a + b);
    }

    /// <summary>u(x) for the solution with parameter θ.</summary>
    /// <param name="theta">θ from <see cref="Theta"/>.</param>
    /// <param name="x">x in [−1, 1].</param>
    public static double Value(double theta, double x) => 2 * Math.Log(Math.Cosh(theta) / Math.Cosh(theta * x));
}
