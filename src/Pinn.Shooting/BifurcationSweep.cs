using Pinn.Core.Training;
using Pinn.Problems;

namespace Pinn.Shooting;

/// <summary>
/// A bifurcation diagram by shooting: at every value of one problem parameter, every radial solution (u(0) and ‖u‖).
/// Between two neighbouring values whose solution counts differ, the change is located by bisection on the count, so
/// a fold (two branches meeting and ending) is found to within the tolerance however coarse the sweep is.
/// </summary>
public static class BifurcationSweep
{
    /// <summary>Sweeps <paramref name="parameter"/> over <paramref name="count"/> evenly spaced values from <paramref name="from"/> to <paramref name="to"/>.</summary>
    /// <param name="problem">The problem (radial).</param>
    /// <param name="parameter">One of its parameters.</param>
    /// <param name="from">First value.</param>
    /// <param name="to">Last value.</param>
    /// <param name="count">Values (≥ 2).</param>
    /// <param name="options">The u(0) scan at each value.</param>
    /// <param name="tolerance">How precisely a change of the solution count is located.</param>
    /// <param name="progress">Receives the number of values done.</param>
    /// <exception cref="ProblemDefinitionException">No such parameter, or the problem is not radial.</exception>
    public static BifurcationDiagram Run(NonlinearPoisson problem, string parameter, double from, double to, int count, ShootingOptions? options = null, double tolerance = 1e-4, IProgress<int>? progress = null)
    {
        if (count < 2 || !double.IsFinite(from) || !double.IsFinite(to) || from == to)
        {
            throw new ArgumentException($"A sweep needs two different finite ends and at least 2 values (got {from}:{to}:{count}).");
        }

        return Run(problem, new SweepRange(parameter, from, to, count), options, tolerance, progress);
    }

    /// <summary>
    /// Sweeps <paramref name="range"/>, or only the values that shard <paramref name="shard"/> owns: the contiguous block
    /// of values ⌊I·C/N⌋ … ⌊(I+1)·C/N⌋ − 1 and the folds between each of them and the next value (which it also solves,
    /// without listing its points). Every value is solved exactly as in the whole sweep, so the shards' points and folds,
    /// put together in shard order, equal the whole sweep's bit for bit.
    /// </summary>
    /// <param name="problem">The problem (radial).</param>
    /// <param name="range">The parameter and its values.</param>
    /// <param name="options">The u(0) scan at each value.</param>
    /// <param name="tolerance">How precisely a change of the solution count is located.</param>
    /// <param name="progress">Receives the number of values done.</param>
    /// <param name="shard">The shard to sweep, or null for every value (at most <see cref="SweepRange.Count"/> shards).</param>
    /// <exception cref="ProblemDefinitionException">No such parameter, or the problem is not radial.</exception>
    /// <exception cref="Pinn.Core.Configuration.OptionsValidationException">The range or the shard is invalid.</exception>
    public static BifurcationDiagram Run(NonlinearPoisson problem, SweepRange range, ShootingOptions? options = null, double tolerance = 1e-4, IProgress<int>? progress = null, ShardOptions? shard = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(range);
        range.Validate();
        var (first, owned) = ValuesOf(range, shard);
        if (!(tolerance > 0))
        {
            throw new ArgumentException("The tolerance must be > 0.");
        }

        var o = (options ?? new ShootingOptions()).Validate();
        problem.WithParameter(range.Parameter, range.From); // fails early, naming the parameter, when it does not exist
        IReadOnlyList<RadialSolution> Solve(double value) => RadialShooting.FindAll(problem.WithParameter(range.Parameter, value), o);

        // The owned values and, for the fold after the last of them, the next one.
        int solved = Math.Min(owned + 1, range.Count - first);
        var values = Enumerable.Range(first, solved).Select(range.ValueAt).ToArray();
        var solutions = new IReadOnlyList<RadialSolution>[solved];
        for (int i = 0; i < solved; i++)
        {
            solutions[i] = Solve(values[i]);
            progress?.Report(Math.Min(i + 1, owned));
        }

        var points = new List<SweepPoint>();
        for (int i = 0; i < owned; i++)
        {
            points.AddRange(solutions[i].OrderByDescending(s => s.U0).Select(s => new SweepPoint(values[i], s.U0, Norm(s, problem.Dimension))));
        }

        var folds = new List<Fold>();
        for (int i = 0; i < owned && i + 1 < solved; i++)
        {
            int below = solutions[i].Count, above = solutions[i + 1].Count;
            if (below == above)
            {
                continue;
            }

            double a = values[i], b = values[i + 1];
            while (Math.Abs(b - a) > tolerance)
            {
                double m = 0.5 * (a + b);
                if (Solve(m).Count == below)
                {
                    a = m;
                }
                else
                {
                    b = m;
                }
            }

            folds.Add(new Fold(0.5 * (a + b), below, above));
        }

        return new BifurcationDiagram(range.Parameter, points, folds);
    }

    /// <summary>The first value a shard of <paramref name="range"/> owns and how many (all of them without a shard).</summary>
    /// <param name="range">The sweep.</param>
    /// <param name="shard">The shard, or null.</param>
    /// <exception cref="Pinn.Core.Configuration.OptionsValidationException">The shard is invalid, or there are more shards than values.</exception>
    public static (int First, int Count) ValuesOf(SweepRange range, ShardOptions? shard)
    {
        ArgumentNullException.ThrowIfNull(range);
        if (shard is null)
        {
            return (0, range.Count);
        }

        shard.Validate();
        if (shard.Count > range.Count)
        {
            throw new Pinn.Core.Configuration.OptionsValidationException(nameof(ShardOptions.Count), string.Create(System.Globalization.CultureInfo.InvariantCulture, $"a sweep of {range.Count} values splits into at most {range.Count} shards (got {shard.Count})."));
        }

        return shard.MembersOf(range.Count);
    }

    /// <summary>The root-mean-square of a radial u over the unit ball: (d ∫₀¹ u(r)² r^(d−1) dr)^½ (Simpson, 401 points).</summary>
    /// <param name="solution">The radial solution.</param>
    /// <param name="dimension">d.</param>
    public static double Norm(RadialSolution solution, int dimension)
    {
        ArgumentNullException.ThrowIfNull(solution);
        const int intervals = 400;
        double sum = 0;
        for (int i = 0; i <= intervals; i++)
        {
            double r = (double)i / intervals;
            double u = solution.At(r);
            double weight = i == 0 || i == intervals ? 1 : i % 2 == 1 ? 4 : 2;
            sum += weight * u * u * Math.Pow(r, dimension - 1);
        }

        return Math.Sqrt(dimension * sum / (3.0 * intervals));
    }
}
