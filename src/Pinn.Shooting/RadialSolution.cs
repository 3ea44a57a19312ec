namespace Pinn.Shooting;

/// <summary>One radial solution found by shooting.</summary>
/// <param name="U0">s = u(0).</param>
/// <param name="UPrimeAt1">u'(1).</param>
/// <param name="Residual">|u(1; s) − g| at the root: how well the boundary condition is met.</param>
/// <param name="Solution">The integrated trajectory with dense output (state: u, u').</param>
/// <param name="StartRadius">Where the integration started (the series covers [0, StartRadius]).</param>
/// <param name="SeriesCoefficient">c in u ≈ s + c·r² near 0.</param>
public sealed record RadialSolution(double U0, double UPrimeAt1, double Residual, DormandPrince45.Solution Solution, double StartRadius, double SeriesCoefficient)
{
    /// <summary>u(r) for r in [0, 1].</summary>
    /// <param name="r">The radius.</param>
    public double At(double r) => r <= StartRadius ? U0 + (SeriesCoefficient * r * r) : Solution.At(Math.Min(r, 1));

    /// <summary>u on a uniform grid of <paramref name="points"/> radii from 0 to 1.</summary>
    /// <param name="points">Grid size (≥ 2).</param>
    public double[] Profile(int points) => Enumerable.Range(0, points).Select(i => At((double)i / (points - 1))).ToArray();
}
