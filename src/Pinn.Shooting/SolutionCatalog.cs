using Pinn.Core.Symbolic;
using Pinn.Problems;
using Pinn.Shooting.Disk;

namespace Pinn.Shooting;

/// <summary>
/// The known solutions of a problem: every radial solution found by shooting, named after the problem's exact
/// solution it coincides with (relative RMS difference &lt; 1e-6 on a radial grid) or <c>shoot-i</c> (i its position when
/// sorted by u(0), descending), plus the exact solutions shooting did not reach; or, for a d = 2 problem shooting
/// cannot treat, the disk solver's solutions (<see cref="FromDisk"/>).
/// </summary>
public sealed class SolutionCatalog
{
    private SolutionCatalog(IReadOnlyList<CatalogEntry> entries, SolutionSymmetry? symmetry)
    {
        Entries = entries;
        Symmetry = symmetry ?? SolutionSymmetry.None;
    }

    /// <summary>The entries.</summary>
    public IReadOnlyList<CatalogEntry> Entries { get; }

    /// <summary>The problem's symmetries: a member is compared with a non-radial entry up to them (<see cref="SolutionClassifier"/>).</summary>
    public SolutionSymmetry Symmetry { get; }

    /// <summary>Builds the catalog of a problem.</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="shooting">Radial solutions (from <see cref="RadialShooting.FindAll(NonlinearPoisson, ShootingOptions?)"/>), or null when the problem is not radial.</param>
    /// <param name="disk">Disk-solver solutions (d = 2, <see cref="DiskSolver.Catalog"/>): the non-radial ones are added as <c>disk-i</c> (the radial ones are shooting's).</param>
    public static SolutionCatalog Build(NonlinearPoisson problem, IReadOnlyList<RadialSolution>? shooting, IReadOnlyList<DiskSolution>? disk = null)
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

        int diskIndex = 0;
        foreach (var d in disk ?? [])
        {
            if (d.AngularVariation() >= 1e-6)
            {
                entries.Add(DiskEntry($"disk-{++diskIndex}", d));
            }
        }

        AddClosedForms(problem, exact, used, entries);
        return new SolutionCatalog(entries, SolutionSymmetry.Of(problem));
    }

    /// <summary>A catalog of the given entries, in order.</summary>
    /// <param name="entries">The entries (names must be distinct).</param>
    /// <param name="symmetry">The problem's symmetries (default none).</param>
    public static SolutionCatalog FromEntries(IEnumerable<CatalogEntry> entries, SolutionSymmetry? symmetry = null)
    {
        var list = entries.ToList();
        var duplicate = list.GroupBy(e => e.Name, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        return duplicate is null ? new SolutionCatalog(list, symmetry) : throw new ArgumentException($"Two catalog entries are named '{duplicate.Key}'.", nameof(entries));
    }

    /// <summary>
    /// The catalog of a d = 2 problem from the disk solver's solutions: each is named after the problem's closed-form
    /// solution it coincides with (relative RMS difference &lt; 1e-6 at the classifier's sample points) or
    /// <c>disk-i</c> (i in the order given); closed forms no solution matched are added as they are.
    /// </summary>
    /// <param name="problem">The problem.</param>
    /// <param name="solutions">Converged disk-solver solutions.</param>
    public static SolutionCatalog FromDisk(NonlinearPoisson problem, IReadOnlyList<DiskSolution> solutions)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(solutions);
        var exact = problem.KnownSolutions.ToDictionary(kv => kv.Key, kv => ExprCompiler.Compile(kv.Value, problem.Dimension, problem.Parameters), StringComparer.Ordinal);
        var points = SolutionClassifier.SamplePoints(problem.Dimension, new ClassifierOptions());
        var used = new HashSet<string>(StringComparer.Ordinal);
        var entries = new List<CatalogEntry>();
        int index = 0;
        foreach (var solution in solutions)
        {
            index++;
            var values = points.Select(solution.Evaluate).ToArray();
            string? name = exact.Where(kv => !used.Contains(kv.Key))
                .FirstOrDefault(kv => Pinn.Core.LinearAlgebra.RelativeError.Rms(values, points.Select(x => kv.Value.Evaluate(x)).ToArray(), floor: 1) <= 1e-6).Key;
            if (name is not null)
            {
                used.Add(name);
            }

            entries.Add(DiskEntry(name ?? $"disk-{index}", solution));
        }

        AddClosedForms(problem, exact, used, entries);
        return new SolutionCatalog(entries, SolutionSymmetry.Of(problem));
    }

    /// <summary>Appends the problem's closed forms no computed solution was named after.</summary>
    private static void AddClosedForms(NonlinearPoisson problem, Dictionary<string, CompiledExpr> exact, HashSet<string> used, List<CatalogEntry> entries)
    {
        foreach (var (key, compiled) in exact)
        {
            if (!used.Contains(key))
            {
                var c = compiled;
                entries.Add(new CatalogEntry(key, c.Evaluate(new double[problem.Dimension]), null, x => c.Evaluate(x), false, !problem.KnownSolutions[key].Variables().Any(v => SymbolNames.TryCoordinateIndex(v, out _))));
            }
        }
    }

    /// <summary>
    /// Whether a member or found solution is non-radial: its class's entry says so when it has one (u ≡ 0 has a large
    /// relative spread of nothing), else its own spread (<paramref name="isRadial"/>).
    /// </summary>
    /// <param name="className">Its class (an entry's name, or unclassified, or null).</param>
    /// <param name="isRadial">Its own verdict from the classifier's spread.</param>
    public bool IsNonRadial(string? className, bool isRadial)
    {
        var entry = className is null ? null : Entries.FirstOrDefault(e => e.Name == className);
        return entry is null ? !isRadial : !entry.IsRadial;
    }

    /// <summary>The catalog entry of one disk-solver solution (radial when its angular variation is below 1e-8).</summary>
    /// <param name="name">The entry's name.</param>
    /// <param name="solution">The solution.</param>
    public static CatalogEntry DiskEntry(string name, DiskSolution solution)
    {
        ArgumentNullException.ThrowIfNull(solution);
        return new CatalogEntry(name, solution.U0, null, solution.Evaluate, false, solution.AngularVariation() < 1e-8, solution);
    }

    /// <summary>A catalog from saved radial profiles (name, u0, profile on a uniform grid of [0, 1]), as written in a run directory.</summary>
    /// <param name="profiles">The saved entries.</param>
    /// <param name="symmetry">The problem's symmetries (default none).</param>
    public static SolutionCatalog FromProfiles(IEnumerable<(string Name, double? U0, double? UPrimeAt1, double[] Profile)> profiles, SolutionSymmetry? symmetry = null) =>
        new(profiles.Select(p =>
        {
            var values = p.Profile;
            return new CatalogEntry(p.Name, p.U0, p.UPrimeAt1, x => Interpolate(values, Norm(x)), p.UPrimeAt1 is not null, true);
        }).ToList(), symmetry);

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
