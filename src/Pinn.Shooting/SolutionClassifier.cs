using Pinn.Core.Randomness;

namespace Pinn.Shooting;

/// <summary>
/// Classifies a function x ↦ u (a trained network) against a <see cref="SolutionCatalog"/>: samples it along
/// random directions on a radial grid, measures how radial it is, and computes the relative RMS distance
/// RMS(u − uⱼ) / max(RMS(uⱼ), 0.01) to every cataloged solution uⱼ over the same samples — for a non-radial uⱼ of a
/// problem with symmetries (<see cref="SolutionCatalog.Symmetry"/>), minimised over them, so that a rotated copy (or
/// the negative, where the problem is odd) of a cataloged solution is that solution.
/// </summary>
public static class SolutionClassifier
{
    /// <summary>Classifies <paramref name="function"/>.</summary>
    /// <param name="function">u(x) for points of the ball (d coordinates).</param>
    /// <param name="dimension">d.</param>
    /// <param name="catalog">The known solutions.</param>
    /// <param name="options">Settings (defaults when null).</param>
    public static Classification Classify(Func<double[], double> function, int dimension, SolutionCatalog catalog, ClassifierOptions? options = null)
    {
        options = (options ?? new ClassifierOptions()).Validate();
        var points = SamplePoints(dimension, options);
        var values = points.Select(function).ToArray();
        return Classify(points, values, catalog, options);
    }

    /// <summary>The sample points: <see cref="ClassifierOptions.Directions"/> seeded unit directions × the radial grid.</summary>
    /// <param name="dimension">d.</param>
    /// <param name="options">Settings.</param>
    public static double[][] SamplePoints(int dimension, ClassifierOptions options)
    {
        var random = new Xoshiro256(options.Seed);
        var points = new List<double[]>();
        for (int k = 0; k < options.Directions; k++)
        {
            var direction = new double[dimension];
            double n2 = 0;
            for (int i = 0; i < dimension; i++)
            {
                direction[i] = random.NextGaussian();
                n2 += direction[i] * direction[i];
            }

            for (int i = 0; i < dimension; i++)
            {
                direction[i] /= Math.Sqrt(n2);
            }

            for (int j = 0; j < options.RadialPoints; j++)
            {
                double r = (double)j / (options.RadialPoints - 1);
                points.Add(direction.Select(v => v * r).ToArray());
            }
        }

        return points.ToArray();
    }

    /// <summary>Classifies values already sampled at <see cref="SamplePoints"/>.</summary>
    /// <param name="points">The sample points.</param>
    /// <param name="values">u at each point.</param>
    /// <param name="catalog">The known solutions.</param>
    /// <param name="options">Settings.</param>
    public static Classification Classify(double[][] points, double[] values, SolutionCatalog catalog, ClassifierOptions options)
    {
        int m = options.RadialPoints, directions = options.Directions;
        var mean = new double[m];
        for (int k = 0; k < directions; k++)
        {
            for (int j = 0; j < m; j++)
            {
                mean[j] += values[(k * m) + j] / directions;
            }
        }

        double spread = 0, meanNorm = 0;
        for (int k = 0; k < directions; k++)
        {
            for (int j = 0; j < m; j++)
            {
                double dv = values[(k * m) + j] - mean[j];
                spread += dv * dv;
            }
        }

        foreach (double v in mean)
        {
            meanNorm += v * v * directions;
        }

        double radialSpread = Math.Sqrt(spread / Math.Max(meanNorm, 1e-300));
        if (values.Any(v => !double.IsFinite(v)))
        {
            radialSpread = double.NaN;
        }

        var references = catalog.Entries.ToDictionary(e => e.Name, e => points.Select(e.Evaluate).ToArray(), StringComparer.Ordinal);
        var distances = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var entry in catalog.Entries)
        {
            // A non-radial entry of a problem with symmetries stands for all its images: the nearest one counts.
            distances[entry.Name] = !entry.IsRadial && catalog.Symmetry.Any
                ? catalog.Symmetry.Distance(points, values, entry.Evaluate, Floor)
                : RelativeDistance(values, references[entry.Name]);
        }

        double threshold = options.Threshold ?? DefaultThreshold(references);
        var nearest = distances.Count == 0 ? default : distances.MinBy(kv => double.IsNaN(kv.Value) ? double.PositiveInfinity : kv.Value);
        bool classified = distances.Count > 0 && nearest.Value <= threshold;
        return new Classification(
            classified ? nearest.Key : Classification.Unclassified,
            distances.Count == 0 ? double.NaN : nearest.Value,
            distances,
            radialSpread,
            radialSpread <= options.RadialSpreadLimit,
            threshold);
    }

    /// <summary>min(0.25, ½ × the smallest distance between two cataloged solutions).</summary>
    private static double DefaultThreshold(Dictionary<string, double[]> references)
    {
        double smallest = double.PositiveInfinity;
        var list = references.Values.ToList();
        for (int i = 0; i < list.Count; i++)
        {
            for (int j = 0; j < list.Count; j++)
            {
                if (i != j)
                {
                    smallest = Math.Min(smallest, RelativeDistance(list[i], list[j]));
                }
            }
        }

        return Math.Min(0.25, 0.5 * smallest);
    }

    /// <summary>RMS(a − b) / max(RMS(b), 0.01): relative, with an absolute floor so u ≡ 0 can be a reference.</summary>
    private static double RelativeDistance(double[] a, double[] b) => Pinn.Core.LinearAlgebra.RelativeError.Rms(a, b, floor: Floor);

    /// <summary>The absolute floor of the distance's denominator.</summary>
    private const double Floor = 0.01;
}
