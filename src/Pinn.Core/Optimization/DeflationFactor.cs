namespace Pinn.Core.Optimization;

/// <summary>
/// The deflation operator of Farrell, Birkisson &amp; Funke (SIAM J. Sci. Comput. 2015) on a function sampled at Q fixed
/// points: M(u) = Π_j (‖u − u_j‖^(−p) + α)/α = Π_j (1 + ‖u − u_j‖^(−p)/α) for α &gt; 0 (Π_j ‖u − u_j‖^(−p) for α = 0),
/// with ‖v‖² = (1/Q)·Σ_q v_q² (the mean-square norm, so that M does not depend on how many points sample the ball).
/// M → ∞ at each known solution u_1 … u_m, so minimising M²·V has no minimum at a known solution while every other root
/// of V stays one. The division by α^m (a constant) changes neither the minimisers nor a Gauss–Newton step, but makes
/// M → 1 far from every known solution, so the deflated loss keeps the plain loss's scale there: BBI's step grows with
/// the loss's scale, and without it α = 10 multiplies the loss by 100 and BBI overflows in two steps. Stateless.
/// </summary>
public static class DeflationFactor
{
    /// <summary>Squared distances below this are clamped (M stays finite at a known solution, only huge).</summary>
    public const double MinimumSquaredDistance = 1e-30;

    /// <summary>M(u) and, when <paramref name="logGradient"/> is not empty, ∂ln M/∂u_q for every point q.</summary>
    /// <param name="u">The function at the Q points.</param>
    /// <param name="known">Each known solution at the same points.</param>
    /// <param name="power">p &gt; 0.</param>
    /// <param name="shift">α ≥ 0.</param>
    /// <param name="logGradient">Receives ∂ln M/∂u (length Q), or empty.</param>
    /// <returns>M (1 when nothing is known).</returns>
    public static double Compute(ReadOnlySpan<double> u, IReadOnlyList<double[]> known, double power, double shift, Span<double> logGradient)
    {
        ArgumentNullException.ThrowIfNull(known);
        int q = u.Length;
        if (!logGradient.IsEmpty)
        {
            if (logGradient.Length != q)
            {
                throw new ArgumentException($"The gradient needs {q} entries.", nameof(logGradient));
            }

            logGradient.Clear();
        }

        double factor = 1;
        foreach (var k in known)
        {
            if (k.Length != q)
            {
                throw new ArgumentException($"Every known solution must be sampled at the same {q} points.", nameof(known));
            }

            double squared = 0;
            for (int i = 0; i < q; i++)
            {
                double d = u[i] - k[i];
                squared += d * d;
            }

            squared = Math.Max(squared / q, MinimumSquaredDistance);
            double inverse = Math.Pow(squared, -power / 2) / (shift > 0 ? shift : 1); // ‖d‖^(−p)/α
            double m = inverse + (shift > 0 ? 1 : 0);
            factor *= m;
            if (!logGradient.IsEmpty)
            {
                // ∂ln m/∂u_q = (−p/2)·(‖d‖^(−p−2)/α)·(2/Q)·d_q / m = −(p/Q)·(‖d‖^(−p)/α)/‖d‖²·d_q / m.
                double c = -power / q * (inverse / squared) / m;
                for (int i = 0; i < q; i++)
                {
                    logGradient[i] += c * (u[i] - k[i]);
                }
            }
        }

        return factor;
    }
}
