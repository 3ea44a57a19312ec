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

    /// <summary>Grid points per side of a <see cref="SolutionMap"/>.</summary>
    public const int MapPoints = 121;

    /// <summary>The directions of <see cref="DirectionalSlices"/>: 0°, 45°, 90° and 135° from the x1 axis.</summary>
    public static IReadOnlyList<double> SliceAngles { get; } = [0, Math.PI / 4, Math.PI / 2, 3 * Math.PI / 4];

    /// <summary>
    /// A colour map of u(x1, x2) over the unit disk (d = 2) with a colour bar (blue–white–red, symmetric about 0):
    /// how a non-radial solution looks.
    /// </summary>
    /// <param name="title">The chart's title.</param>
    /// <param name="values">u at every point of <see cref="MapGrid"/> (NaN outside the disk is fine).</param>
    public static Chart SolutionMap(string title, IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var grid = MapGrid();
        if (values.Count != grid.Count)
        {
            throw new ArgumentException($"A map needs {grid.Count} values (one per point of MapGrid), got {values.Count}.", nameof(values));
        }

        var data = new double[MapPoints, MapPoints];
        for (int i = 0; i < MapPoints; i++)
        {
            for (int j = 0; j < MapPoints; j++)
            {
                double x = -1 + (2.0 * i / (MapPoints - 1)), y = -1 + (2.0 * j / (MapPoints - 1));
                data[i, j] = (x * x) + (y * y) <= 1 + 1e-12 ? values[(i * MapPoints) + j] : double.NaN;
            }
        }

        return new Chart(title, new Axis("x1", Minimum: -1.02, Maximum: 1.02), new Axis("x2", Minimum: -1.02, Maximum: 1.02), [], Width: 600, Height: 500, Map: new HeatMap(data, -1, 1, -1, 1, "u"));
    }

    /// <summary>The points of a <see cref="SolutionMap"/>: a uniform <see cref="MapPoints"/>² grid of [−1, 1]², x1 slowest; points outside the disk are projected onto the circle (their values are not drawn).</summary>
    public static IReadOnlyList<double[]> MapGrid()
    {
        var points = new List<double[]>(MapPoints * MapPoints);
        for (int i = 0; i < MapPoints; i++)
        {
            for (int j = 0; j < MapPoints; j++)
            {
                double x = -1 + (2.0 * i / (MapPoints - 1)), y = -1 + (2.0 * j / (MapPoints - 1)), r = Math.Sqrt((x * x) + (y * y));
                points.Add(r > 1 ? [x / r, y / r] : [x, y]);
            }
        }

        return points;
    }

    /// <summary>
    /// u along four diameters (<see cref="SliceAngles"/>) against the signed distance s ∈ [−1, 1] from the centre: a
    /// radial function gives four equal curves, a non-radial one tells them apart. With a reference (a catalog
    /// entry), its curves are drawn dashed in the same colours.
    /// </summary>
    /// <param name="title">The chart's title.</param>
    /// <param name="u">The function (d = 2 points).</param>
    /// <param name="reference">A known solution to draw dashed, or null.</param>
    public static Chart DirectionalSlices(string title, Func<double[], double> u, Func<double[], double>? reference = null)
    {
        ArgumentNullException.ThrowIfNull(u);
        var s = Enumerable.Range(0, 201).Select(i => -1 + (i / 100.0)).ToArray();
        var series = new List<Series>();
        for (int k = 0; k < SliceAngles.Count; k++)
        {
            double c = Math.Cos(SliceAngles[k]), sn = Math.Sin(SliceAngles[k]);
            string color = Chart.Palette[k % Chart.Palette.Count];
            string angle = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{SliceAngles[k] * 180 / Math.PI:0}°");
            series.Add(new Series($"u at {angle}", s, s.Select(v => u([v * c, v * sn])).ToArray(), Color: color));
            if (reference is not null)
            {
                series.Add(new Series($"reference at {angle}", s, s.Select(v => reference([v * c, v * sn])).ToArray(), Color: color, Dashed: true, Width: 2.5));
            }
        }

        return new Chart(title, new Axis("s (signed distance from the centre along the direction)"), new Axis("u"), series);
    }
}
