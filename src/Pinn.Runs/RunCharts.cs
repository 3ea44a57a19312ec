using Pinn.Plotting;
using Pinn.Shooting;

namespace Pinn.Runs;

/// <summary>The charts of a run, built from its results (drawn by <see cref="ChartExporter"/>).</summary>
public static class RunCharts
{
    /// <summary>The colour of each catalog entry (palette order) and grey for unclassified.</summary>
    /// <param name="catalog">The catalog.</param>
    public static IReadOnlyDictionary<string, string> ClassColors(SolutionCatalog catalog)
    {
        var colors = new Dictionary<string, string>(StringComparer.Ordinal);
        int c = 0;
        foreach (var e in catalog.Entries)
        {
            colors[e.Name] = Chart.Palette[c++ % Chart.Palette.Count];
        }

        colors[Classification.Unclassified] = "#7F7F7F";
        return colors;
    }

    /// <summary>Learned u along x1 for each member, coloured by class, with the cataloged solutions dashed (diverged members are left out).</summary>
    /// <param name="catalog">The catalog.</param>
    /// <param name="slices">The members' slices.</param>
    /// <param name="classes">Each member's class (same order as the slices).</param>
    /// <param name="dimension">The problem's dimension (catalog entries are evaluated at (|x1|, 0, …, 0)); 1 for a saved catalog.</param>
    /// <param name="title">The chart's title.</param>
    /// <param name="names">Each slice's name in the legend (default "member i").</param>
    public static Chart RadialSlices(SolutionCatalog catalog, RadialSlices slices, IReadOnlyList<string> classes, int dimension = 1, string title = "Radial slices: learned u along the x1 axis", IReadOnlyList<string>? names = null)
    {
        var colors = ClassColors(catalog);
        var x = slices.X;
        var point = new double[dimension];
        double At(CatalogEntry e, double v)
        {
            point[0] = Math.Abs(v);
            return e.Evaluate(point);
        }

        var series = catalog.Entries.Select(e => new Series($"{e.Name} (reference)", x, x.Select(v => At(e, v)).ToArray(), Color: colors[e.Name], Dashed: true, Width: 2.5)).ToList();
        for (int m = 0; m < slices.Members.Count; m++)
        {
            string cls = m < classes.Count ? classes[m] : Classification.Unclassified;
            if (cls == BatchResult.Diverged)
            {
                continue; // its last finite values would stretch the axis so that the other curves look flat
            }

            series.Add(new Series($"{(names is not null && m < names.Count ? names[m] : $"member {slices.MemberIndices[m]}")}: {cls}", x, slices.Members[m], Color: colors.GetValueOrDefault(cls, "#7F7F7F"), Width: 1.2));
        }

        return new Chart(title, new Axis("x1"), new Axis("u"), series);
    }
}
