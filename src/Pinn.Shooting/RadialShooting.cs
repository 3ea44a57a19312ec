using MathNet.Numerics.RootFinding;
using Pinn.Problems;

namespace Pinn.Shooting;

/// <summary>
/// Finds every radial solution in a range of s = u(0): integrate −(u'' + (d − 1)u'/r) + N(u) = f(r) from the
/// series start u ≈ s + c·r² + e·r⁴ (<see cref="SeriesStart"/>) and solve F(s) = u(1; s) − g = 0.
/// </summary>
/// <remarks>
/// F is scanned on a uniform grid of <see cref="ShootingOptions.ScanPoints"/> points; when that grid is coarser than
/// <see cref="ResolvedSpacing"/> (0.25 near the origin, 10 % of |s| beyond |s| = 2.5), as it is on wide ranges such as
/// ±1e4, a second grid of as many points, uniform in asinh(s), is added, so the scan is fine near the origin and
/// relatively fine far from it. Blow-ups are signed infinities; an interval between a finite value and a blow-up is
/// bisected along the blow-up boundary (roots crowd there) down to <see cref="ResolvedSpacing"/>·2^−depth; intervals
/// where |F| has a suspicious local minimum or changes fast are subdivided <see cref="ShootingOptions.RefinementDepth"/>
/// times; every sign change between finite values or between a finite value and an infinity is refined (bisection
/// while an end is infinite, then Brent); sign changes from +∞ to −∞ are never roots, and the roots are
/// de-duplicated. When even the two grids leave an interval wider than the resolved spacing, the scan says so in
/// <see cref="ShootingScan.Warning"/> with the point count that would resolve it.
/// </remarks>
public static class RadialShooting
{
    /// <summary>The scan spacing below which an interval counts as resolved at s: max(0.25, 0.1·|s|).</summary>
    /// <param name="s">Where in u(0).</param>
    public static double ResolvedSpacing(double s) => Math.Max(0.25, 0.1 * Math.Abs(s));

    /// <summary>Finds all roots in [Minimum, Maximum]; an empty list when there are none.</summary>
    /// <param name="problem">The problem (f and g must be radial).</param>
    /// <param name="options">Scan settings (defaults when null).</param>
    public static IReadOnlyList<RadialSolution> FindAll(NonlinearPoisson problem, ShootingOptions? options = null) =>
        Scan(new RadialProblem(problem), options).Solutions;

    /// <summary>Finds all roots for an already reduced problem.</summary>
    /// <param name="radial">The radial problem.</param>
    /// <param name="options">Scan settings.</param>
    public static IReadOnlyList<RadialSolution> FindAll(RadialProblem radial, ShootingOptions? options = null) =>
        Scan(radial, options).Solutions;

    /// <summary>Scans for all roots and reports whether the scan resolved the range.</summary>
    /// <param name="problem">The problem (f and g must be radial).</param>
    /// <param name="options">Scan settings (defaults when null).</param>
    /// <param name="progress">Receives the phase and how far it is (from worker threads); may be null.</param>
    public static ShootingScan Scan(NonlinearPoisson problem, ShootingOptions? options = null, IProgress<ShootingStage>? progress = null) =>
        Scan(new RadialProblem(problem), options, progress);

    /// <summary>Scans for all roots of an already reduced problem and reports whether the scan resolved the range.</summary>
    /// <param name="radial">The radial problem.</param>
    /// <param name="options">Scan settings (defaults when null).</param>
    /// <param name="progress">Receives the phase and how far it is (from worker threads); may be null.</param>
    public static ShootingScan Scan(RadialProblem radial, ShootingOptions? options = null, IProgress<ShootingStage>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(radial);
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

        var grid = ScanGrid(o);
        var values = new double[grid.Length];
        int scanned = 0;
        Parallel.For(0, grid.Length, i =>
        {
            values[i] = F(grid[i]);
            progress?.Report(new ShootingStage("scanning u(0)", Interlocked.Increment(ref scanned), grid.Length));
        });

        var brackets = new List<(double A, double B)>();
        var exact = new List<double>();
        for (int i = 0; i + 1 < grid.Length; i++)
        {
            progress?.Report(new ShootingStage("resolving sign changes", i + 1, grid.Length - 1));
            Inspect(grid[i], values[i], grid[i + 1], values[i + 1], o.RefinementDepth, i > 0 ? values[i - 1] : double.NaN, i + 2 < grid.Length ? values[i + 2] : double.NaN);
        }

        if (values[^1] == 0)
        {
            exact.Add(grid[^1]);
        }

        var roots = new List<double>(exact);
        foreach (var ((a, b), j) in brackets.Select((bracket, j) => (bracket, j)))
        {
            progress?.Report(new ShootingStage("bisecting roots", j + 1, brackets.Count));
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

        var solutions = unique.Select(s => Solve(radial, s, o)).Where(x => x.Solution.Status == IntegrationStatus.Completed).OrderByDescending(x => x.U0).ToList();
        return new ShootingScan(solutions, CoarseScanWarning(grid, o), cache.Count);

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

            if (double.IsFinite(fa) != double.IsFinite(fb) && !double.IsNaN(fa) && !double.IsNaN(fb))
            {
                // A blow-up boundary: F grows without bound towards it, and pairs of roots can sit just before it
                // without a sign change between grid points. Bisect along the boundary; inspect the finite side.
                double m = 0.5 * (a + b);
                if (b - a <= ResolvedSpacing(m) * Math.Pow(2, -o.RefinementDepth) || m <= a || m >= b)
                {
                    return;
                }

                double fm = F(m);
                Inspect(a, fa, m, fm, double.IsFinite(fa) && double.IsFinite(fm) ? o.RefinementDepth : depth, before, fb);
                Inspect(m, fm, b, fb, double.IsFinite(fm) && double.IsFinite(fb) ? o.RefinementDepth : depth, fa, after);
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

            double mid = 0.5 * (a + b), fmid = F(mid);
            Inspect(a, fa, mid, fmid, depth - 1, before, fb);
            Inspect(mid, fmid, b, fb, depth - 1, fa, after);
        }
    }

    /// <summary>
    /// The scan's grid: <see cref="ShootingOptions.ScanPoints"/> uniform points, plus as many uniform in asinh(s) when the
    /// uniform spacing is coarser than <see cref="ResolvedSpacing"/> at the origin.
    /// </summary>
    /// <param name="options">Validated settings.</param>
    public static double[] ScanGrid(ShootingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        int n = options.ScanPoints;
        double lo = options.Minimum, hi = options.Maximum;
        var points = new List<double>(2 * n);
        for (int i = 0; i < n; i++)
        {
            points.Add(i == n - 1 ? hi : lo + ((hi - lo) * i / (n - 1)));
        }

        if ((hi - lo) / (n - 1) > ResolvedSpacing(0))
        {
            double tLo = Math.Asinh(lo), tHi = Math.Asinh(hi);
            for (int i = 1; i < n - 1; i++)
            {
                points.Add(Math.Clamp(Math.Sinh(tLo + ((tHi - tLo) * i / (n - 1))), lo, hi));
            }
        }

        points.Sort();
        return points.Distinct().ToArray();
    }

    /// <summary>Null when every interval of the grid is within <see cref="ResolvedSpacing"/>; else where it is not and the points that would be.</summary>
    private static string? CoarseScanWarning(double[] grid, ShootingOptions options)
    {
        int worst = -1;
        double ratio = 1 + 1e-9;
        for (int i = 0; i + 1 < grid.Length; i++)
        {
            double r = (grid[i + 1] - grid[i]) / ResolvedSpacing(0.5 * (grid[i] + grid[i + 1]));
            if (r > ratio)
            {
                (ratio, worst) = (r, i);
            }
        }

        if (worst < 0)
        {
            return null;
        }

        // The asinh grid resolves everywhere once its step in asinh(s) is at most 0.1 (≈ 0.1·|s| far out, ≤ 0.1 near 0).
        double span = Math.Asinh(options.Maximum) - Math.Asinh(options.Minimum);
        double needed = Math.Min(Math.Ceiling(span / 0.1) + 1, Math.Ceiling((options.Maximum - options.Minimum) / ResolvedSpacing(0)) + 1);
        return string.Create(
            System.Globalization.CultureInfo.InvariantCulture,
            $"the shooting scan of u(0) in [{options.Minimum:G6}, {options.Maximum:G6}] is too coarse between {grid[worst]:G6} and {grid[worst + 1]:G6} (spacing {grid[worst + 1] - grid[worst]:G3}, {ratio:G3}× the resolved spacing {ResolvedSpacing(0.5 * (grid[worst] + grid[worst + 1])):G3}): solutions there can be missed; ScanPoints = {needed:F0} would resolve the range, or narrow it");
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
        ArgumentNullException.ThrowIfNull(radial);
        ArgumentNullException.ThrowIfNull(options);
        int d = radial.Dimension;
        var (r0, c, e) = SeriesStart(radial, s, options);
        if (!double.IsFinite(c) || !double.IsFinite(e))
        {
            return new DormandPrince45.Solution(IntegrationStatus.BlowUp, 0, [s, 0], [], 0, 0, c < 0 || double.IsNegative(c) ? -1 : 1);
        }

        double[] y0 = [s + (c * r0 * r0) + (e * r0 * r0 * r0 * r0), (2 * c * r0) + (4 * e * r0 * r0 * r0)];
        return DormandPrince45.Integrate(
            (r, y, dy) =>
            {
                dy[0] = y[1];
                dy[1] = radial.Nonlinearity(r, y[0]) - radial.SourceAt(r) - ((d - 1) * y[1] / r);
            },
            r0, y0, 1, options.Tolerance, options.Tolerance, options.BlowUpBound, keepDense);
    }

    /// <summary>
    /// The series start u ≈ s + c·r² + e·r⁴ at r0: c = (N(r₀, s) − f(r₀))/(2d) (N and f taken at the start radius),
    /// e = (∂N/∂u·c + h″(0)/2)/(4(d + 2)) with h(r) = N(r, s) − f(r) (h″ by a difference over [r₀, 10⁻³]), and
    /// r0 = <see cref="ShootingOptions.StartRadius"/>, or smaller where the quartic term would exceed the integration
    /// tolerance there (steep nonlinearities such as Bratu's e^u at large u(0), whose shots would otherwise start off
    /// their trajectory and land on spurious roots).
    /// </summary>
    /// <param name="radial">The problem.</param>
    /// <param name="s">u(0).</param>
    /// <param name="options">Settings.</param>
    public static (double StartRadius, double Quadratic, double Quartic) SeriesStart(RadialProblem radial, double s, ShootingOptions options)
    {
        ArgumentNullException.ThrowIfNull(radial);
        ArgumentNullException.ThrowIfNull(options);
        int d = radial.Dimension;
        double f0 = radial.SourceAt(options.StartRadius); // f at the start radius, not at 0: sources such as sin(r)/r are fine there
        double rs = options.StartRadius;
        double n0 = radial.Nonlinearity(rs, s);
        double c = (n0 - f0) / (2 * d);
        double h = 1e-5 * Math.Max(1, Math.Abs(s));
        double slope = (radial.Nonlinearity(rs, s + h) - radial.Nonlinearity(rs, s - h)) / (2 * h);
        const double hr = 1e-3;
        double curvature = 2 * ((radial.Nonlinearity(hr, s) - radial.SourceAt(hr)) - (n0 - f0)) / ((hr * hr) - (rs * rs));
        double e = ((slope * c) + (0.5 * curvature)) / (4 * (d + 2));
        double r0 = options.StartRadius;
        double budget = options.Tolerance * Math.Max(1, Math.Abs(s));
        if (double.IsFinite(e) && Math.Abs(e) * Math.Pow(r0, 4) > budget)
        {
            r0 = Math.Max(Math.Pow(budget / Math.Abs(e), 0.25), 1e-15);
        }

        return (r0, c, e);
    }

    private static RadialSolution Solve(RadialProblem radial, double s, ShootingOptions options)
    {
        var shot = Shoot(radial, s, options, keepDense: true);
        var (r0, c, _) = SeriesStart(radial, s, options);
        return new RadialSolution(s, shot.FinalState[1], Math.Abs(shot.FinalState[0] - radial.BoundaryValue), shot, r0, c);
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
