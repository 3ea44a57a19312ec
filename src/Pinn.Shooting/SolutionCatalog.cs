using Pinn.Core.Symbolic;
using Pinn.Problems;

namespace Pinn.Shooting;

/// <summary>
/// The known solutions of a problem: every radial solution found by shooting, named after the problem's exact
/// solution it coincides with (relative RMS difference &lt; 1e-6 on a radial grid) or <c>shoot-i</c> (i its position when
/// sorted by u(0), descending), plus the exact solutions shooting did not reach.
/// </summary>
public sealed class SolutionCatalog
{
    private SolutionCatalog(IReadOnlyList<CatalogEntry> entries) => Entries = entries;

    /// <summary>The entries.</summary>
    public IReadOnlyList<CatalogEntry> Entries { get; }

    /// <summary>Builds the catalog of a problem.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="shooting">Radial solutions (from <see cref="RadialShooting.FindAll(NonlinearPoisson, ShootingOptions?)"/>), or null when the problem is not radial.</param>
    public static SolutionCatalog Build(NonlinearPoisson problem, IReadOnlyList<RadialSolution>? shooting)
    {
        var exact = problem.KnownSolutions.ToDictionary(kv => kv.Key, kv => ExprCompiler.Compile(kv.Value, problem.Dimension, problem.Parameters), StringComparer.Ordinal);
        var used = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<CatalogEntry>();
        var grid = Enumerable.Range(0, 201).Select(i => i / 200.0).ToArray();
        int index = 0;
        foreach (var s in shooting ?? [])
        {
            index++;
            string? name = null;
            foreach (var (key, compiled) in exact)
            {
                if (used.Contains(key))
                {
                    continue;
                }

                // The same profile to 1e-6 (absolute below 1): this shot solution is that closed form.
                var closed = new double[grid.Length];
                var shot = new double[grid.Length];
                for (int i = 0; i < grid.Length; i++)
                {
                    var x = new double[problem.Dimension];
                    x[0] = grid[i];
                    closed[i] = compiled.Evaluate(x);
                    shot[i] = s.At(grid[i]);
                }

                if (Pinn.Core.LinearAlgebra.RelativeError.Rms(shot, closed, floor: 1) <= 1e-6)
                {
                    name = key;
                    break;
                }
            }

            if (name is not null)
            {
                used.Add(name);
            }

            var solution = s;
            entries.Add(new CatalogEntry(name ?? $"shoot-{index}", s.U0, s.UPrimeAt1, x => solution.At(Norm(x)), true, true));
        }

        foreach (var (key, compiled) in exact)
        {
            if (!used.Contains(key))
            {
                var c = compiled;
                var origin = new double[problem.Dimension];
                entries.Add(new CatalogEntry(key, c.Evaluate(origin), null, x => c.Evaluate(x), false, !problem.KnownSolutions[key].Variables().Any(v => SymbolNames.TryCoordinateIndex(v, out _))));
            }
        }

        return new SolutionCatalog(entries);
    }

    /// <summary>A catalog from saved radial profiles (name, u0, profile on a uniform grid of [0, 1]), as written in a run directory.</summary>
    /// <param name="profiles">The saved entries.</param>
    public static SolutionCatalog FromProfiles(IEnumerable<(string Name, double? U0, double? UPrimeAt1, double[] Profile)> profiles) =>
        new(profiles.Select(p =>
        {
            var values = p.Profile;
            return new CatalogEntry(p.Name, p.U0, p.UPrimeAt1, x => Interpolate(values, Norm(x)), p.UPrimeAt1 is not null, true);
        }).ToList());

    /// <summary>Linear interpolation in a uniform profile over [0, 1].</summary>
    /// <param name="profile">Values at r = i/(n − 1).</param>
    /// <param name="r">The radius (clamped to [0, 1]).</param>
    public static double Interpolate(double[] profile, double r)
    {
        double t = Math.Clamp(r, 0, 1) * (profile.Length - 1);
        int i = Math.Min((int)t, profile.Length - 2);
        double w = t - i;
        return ((1 - w) * profile[i]) + (w * profile[i + 1]);
    }

    private static double Norm(double[] x)
    {
        double s = 0;
        foreach (double v in x)
        {
            s += v * v;
        }

        return Math.Sqrt(s);
    }
}
