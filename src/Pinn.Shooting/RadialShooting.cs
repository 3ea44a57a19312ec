using MathNet.Numerics.RootFinding;
using Pinn.Problems;

namespace Pinn.Shooting;

/// <summary>
/// Finds every radial solution in a range of s = u(0): integrate −(u'' + (d − 1)u'/r) + N(u) = f(r) from the
/// series start u ≈ s + (N(s) − f(0))r²/(2d), u' ≈ 2cr, and solve F(s) = u(1; s) − g = 0. F is scanned on a
/// uniform grid (blow-ups are signed infinities), intervals where |F| has a suspicious local minimum are
/// subdivided, every sign change between finite values or between a finite value and an infinity is refined
/// (bisection while an end is infinite, then Brent), sign changes from +∞ to −∞ are never roots, and the roots
/// are de-duplicated.
/// </summary>
public static class RadialShooting
{
    /// <summary>Finds all roots in [Minimum, Maximum]; an empty list when there are none.</summary>
    /// <param name="problem">The problem (f and g must be radial).</param>
    /// <param name="options">Scan settings (defaults when null).</param>
    public static IReadOnlyList<RadialSolution> FindAll(NonlinearPoisson problem, ShootingOptions? options = null) =>
        FindAll(new RadialProblem(problem), options);

    /// <summary>Finds all roots for an already reduced problem.</summary>
    /// <param name="radial">The radial problem.</param>
    /// <param name="options">Scan settings.</param>
    public static IReadOnlyList<RadialSolution> FindAll(RadialProblem radial, ShootingOptions? options = null)
    {
        options = (options ?? new ShootingOptions()).Validate();
        var o = options;
        var cache = new Dictionary<double, double>();
        double F(double s)
        {
            lock (cache)
            {
                if (cache.TryGetValue(s, out double v))
                {
                    return v;
                }
            }

            double value = Mismatch(radial, s, o);
            lock (cache)
            {
                cache[s] = value;
            }

            return value;
        }

        var grid = Enumerable.Range(0, o.ScanPoints).Select(i => o.Minimum + ((o.Maximum - o.Minimum) * i / (o.ScanPoints - 1))).ToArray();
        var values = new double[grid.Length];
        Parallel.For(0, grid.Length, i => values[i] = F(grid[i]));

        var brackets = new List<(double A, double B)>();
        var exact = new List<double>();
        for (int i = 0; i + 1 < grid.Length; i++)
        {
            Inspect(grid[i], values[i], grid[i + 1], values[i + 1], o.RefinementDepth, i > 0 ? values[i - 1] : double.NaN, i + 2 < grid.Length ? values[i + 2] : double.NaN);
        }

        if (values[^1] == 0)
        {
            exact.Add(grid[^1]);
        }

        var roots = new List<double>(exact);
        foreach (var (a, b) in brackets)
        {
            if (Refine(F, a, b, o) is double root)
            {
                roots.Add(root);
            }
        }

        roots.Sort();
        var unique = new List<double>();
        foreach (double r in roots)
        {
            if (unique.Count == 0 || Math.Abs(r - unique[^1]) > 1e-7 * Math.Max(1, Math.Abs(r)))
            {
                unique.Add(r);
            }
        }

        return unique.Select(s => Solve(radial, s, o)).Where(x => x.Solution.Status == IntegrationStatus.Completed).OrderByDescending(x => x.U0).ToList();

        void Inspect(double a, double fa, double b, double fb, int depth, double before, double after)
        {
            if (fa == 0)
            {
                exact.Add(a);
                return;
            }

            if (IsSignChange(fa, fb))
            {
                brackets.Add((a, b));
                return;
            }

            if (depth == 0 || !double.IsFinite(fa) || !double.IsFinite(fb))
            {
                return;
            }

            // No sign change, but F may dip to zero and back (two close roots) where |F| has a local minimum
            // or changes fast relative to its size: subdivide.
            bool suspicious = (double.IsFinite(before) && Math.Abs(before) > Math.Abs(fa) && Math.Abs(fb) < Math.Abs(fa) * 4)
                || (double.IsFinite(after) && Math.Abs(after) > Math.Abs(fb) && Math.Abs(fa) < Math.Abs(fb) * 4)
                || Math.Abs(fa - fb) > 0.5 * Math.Min(Math.Abs(fa), Math.Abs(fb));
            if (!suspicious)
            {
                return;
            }

            double m = 0.5 * (a + b), fm = F(m);
            Inspect(a, fa, m, fm, depth - 1, before, fb);
            Inspect(m, fm, b, fb, depth - 1, fa, after);
        }
    }

    /// <summary>F(s) = u(1; s) − g, or ±∞ when the shot blows up.</summary>
    /// <param name="radial">The problem.</param>
    /// <param name="s">u(0).</param>
    /// <param name="options">Settings.</param>
    public static double Mismatch(RadialProblem radial, double s, ShootingOptions options)
    {
        var shot = Shoot(radial, s, options, keepDense: false);
        return shot.Status == IntegrationStatus.Completed ? shot.FinalState[0] - radial.BoundaryValue : shot.BlowUpSign * double.PositiveInfinity;
    }

    /// <summary>Integrates one shot from u(0) = s.</summary>
    /// <param name="radial">The problem.</param>
    /// <param name="s">u(0).</param>
    /// <param name="options">Settings.</param>
    /// <param name="keepDense">Keep dense output.</param>
    public static DormandPrince45.Solution Shoot(RadialProblem radial, double s, ShootingOptions options, bool keepDense)
    {
        int d = radial.Dimension;
        double r0 = options.StartRadius;
        double c = (radial.Nonlinearity(s) - radial.SourceAt(r0)) / (2 * d);
        if (!double.IsFinite(c))
        {
            return new DormandPrince45.Solution(IntegrationStatus.BlowUp, 0, [s, 0], [], 0, 0, c < 0 || double.IsNegative(c) ? -1 : 1);
        }

        double[] y0 = [s + (c * r0 * r0), 2 * c * r0];
        return DormandPrince45.Integrate(
            (r, y, dy) =>
            {
                dy[0] = y[1];
                dy[1] = radial.Nonlinearity(y[0]) - radial.SourceAt(r) - ((d - 1) * y[1] / r);
            },
            r0, y0, 1, options.Tolerance, options.Tolerance, options.BlowUpBound, keepDense);
    }

    private static RadialSolution Solve(RadialProblem radial, double s, ShootingOptions options)
    {
        var shot = Shoot(radial, s, options, keepDense: true);
        double c = (radial.Nonlinearity(s) - radial.SourceAt(options.StartRadius)) / (2 * radial.Dimension);
        return new RadialSolution(s, shot.FinalState[1], Math.Abs(shot.FinalState[0] - radial.BoundaryValue), shot, options.StartRadius, c);
    }

    private static bool IsSignChange(double fa, double fb)
    {
        if (double.IsNaN(fa) || double.IsNaN(fb) || (double.IsInfinity(fa) && double.IsInfinity(fb)))
        {
            return false; // +∞ → −∞ is a pole, not a root
        }

        return Math.Sign(fa) * Math.Sign(fb) < 0;
    }

    private static double? Refine(Func<double, double> f, double a, double b, ShootingOptions options)
    {
        double fa = f(a), fb = f(b);
        for (int i = 0; i < 200 && (double.IsInfinity(fa) || double.IsInfinity(fb)); i++)
        {
            double m = 0.5 * (a + b), fm = f(m);
            if (fm == 0)
            {
                return m;
            }

            if (Math.Sign(fm) == Math.Sign(fa))
            {
                (a, fa) = (m, fm);
            }
            else
            {
                (b, fb) = (m, fm);
            }

            if (b - a < 1e-14 * Math.Max(1, Math.Abs(a)))
            {
                return null; // shrank onto the blow-up threshold: not a root
            }
        }

        if (double.IsInfinity(fa) || double.IsInfinity(fb))
        {
            return null;
        }

        double accuracy = 1e-13 * Math.Max(1, Math.Max(Math.Abs(a), Math.Abs(b)));
        if (Brent.TryFindRoot(f, a, b, accuracy, 200, out double root))
        {
            return root;
        }

        return null;
    }
}
