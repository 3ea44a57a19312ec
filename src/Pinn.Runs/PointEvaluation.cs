using System.Globalization;
using System.Text;
using Pinn.Core.IO;
using Pinn.Core.Symbolic;
using Pinn.Problems;
using Pinn.Runs.Configuration;
using Pinn.Runs.Files;
using Pinn.Shooting;

namespace Pinn.Runs;

/// <summary>
/// A trained network's values at chosen points, with every known and cataloged solution there, as CSV
/// (<c>pinn eval</c>): columns <c>x1 … xd</c>, <c>u</c>, <c>laplacian_u</c> (∇²u), <c>residual</c> (−∇²u + N(u) − f),
/// then <c>u_NAME</c> for every catalog entry (closed forms exactly, shooting profiles interpolated in r).
/// </summary>
public static class PointEvaluation
{
    /// <summary>The largest grid: points per axis.</summary>
    public const int MaximumGrid = 1001;

    /// <summary>
    /// The points of an n-per-axis lattice on [−1, 1]^d that lie in the closed unit ball (d ≤ 3; n ≥ 2).
    /// </summary>
    /// <param name="dimension">d, 1 to 3.</param>
    /// <param name="n">Points per axis, 2 to <see cref="MaximumGrid"/> (n³ ≤ 10⁷ in d = 3).</param>
    public static IReadOnlyList<double[]> Grid(int dimension, int n)
    {
        if (dimension is < 1 or > 3)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--grid covers d = 1, 2, 3 (this problem has d = {dimension}): give the points in a CSV file (--points FILE.csv)."));
        }

        if (n < 2 || n > MaximumGrid || Math.Pow(n, dimension) > 1e7)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"--grid {n}: give 2 to {MaximumGrid} points per axis, at most 10⁷ in all ({Math.Floor(Math.Pow(1e7, 1.0 / dimension))} per axis in d = {dimension})."));
        }

        double Axis(int i) => -1 + (2.0 * i / (n - 1));
        var points = new List<double[]>();
        int total = (int)Math.Pow(n, dimension);
        for (int k = 0; k < total; k++)
        {
            var x = new double[dimension];
            int rest = k;
            for (int j = dimension - 1; j >= 0; j--)
            {
                x[j] = Axis(rest % n);
                rest /= n;
            }

            if (x.Sum(v => v * v) <= 1 + 1e-12)
            {
                points.Add(x);
            }
        }

        return points;
    }

    /// <summary>Points from a CSV file with a header naming columns x1 … xd (other columns are ignored).</summary>
    /// <param name="path">The file.</param>
    /// <param name="dimension">d.</param>
    /// <exception cref="InvalidDataException">A column is missing, or a value is not a finite number.</exception>
    public static IReadOnlyList<double[]> ReadPoints(string path, int dimension)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"points file '{path}' does not exist.");
        }

        var table = CsvTable.Read(path);
        var columns = Enumerable.Range(1, dimension).Select(i => Array.IndexOf(table.Header, string.Create(CultureInfo.InvariantCulture, $"x{i}"))).ToArray();
        if (columns.Any(c => c < 0))
        {
            throw new InvalidDataException($"'{path}' needs the columns {string.Join(", ", Enumerable.Range(1, dimension).Select(i => $"x{i}"))} in its header line (it has {string.Join(", ", table.Header)}).");
        }

        var points = table.Rows.Select(r => columns.Select(c => table.Number(r, c)).ToArray()).ToList();
        if (points.FindIndex(x => x.Any(v => !double.IsFinite(v))) is int bad and >= 0)
        {
            throw new InvalidDataException($"'{path}' line {table.Rows[bad].Line}: a coordinate is not a finite number.");
        }

        return points;
    }

    /// <summary>The catalog the network's run was checked against: its catalog.json, else shot again from its config.json.</summary>
    /// <param name="network">The network.</param>
    public static SolutionCatalog CatalogOf(TrainedNetwork network)
    {
        ArgumentNullException.ThrowIfNull(network);
        string saved = new RunDirectory(network.Directory).Catalog;
        if (File.Exists(saved))
        {
            return SolutionCatalogFile.Load(saved);
        }

        var config = RunConfigReader.ReadRunDirectory(Path.Combine(network.Directory, "config.json"));
        return BatchSolver.CatalogFor(network.Problem, config.Shooting).Catalog;
    }

    /// <summary>Writes the CSV (atomically).</summary>
    /// <param name="path">The CSV file.</param>
    /// <param name="network">The network.</param>
    /// <param name="points">The points.</param>
    /// <param name="catalog">The solutions to list beside u.</param>
    /// <returns>The number of rows.</returns>
    public static int Write(string path, TrainedNetwork network, IReadOnlyList<double[]> points, SolutionCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(catalog);
        var problem = network.Problem;
        int d = problem.Dimension;
        var (u, laplacian) = network.ValuesAndLaplacians(points);
        var f = ExprCompiler.Compile(problem.Source, d, problem.Parameters);
        var nonlinearity = ExprCompiler.Compile(problem.Nonlinearity, d, problem.Parameters);
        // Closed forms exactly (catalog.json keeps every entry as a profile in r).
        var columns = catalog.Entries.Select(e => Column(e, problem)).ToList();
        var inv = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendJoin(',', Enumerable.Range(1, d).Select(i => $"x{i}").Concat(["u", "laplacian_u", "residual"]).Concat(catalog.Entries.Select(e => "u_" + e.Name))).Append('\n');
        for (int i = 0; i < points.Count; i++)
        {
            var x = points[i];
            double residual = -laplacian[i] + nonlinearity.Evaluate(x, u[i]) - f.Evaluate(x);
            text.AppendJoin(',', x.Select(v => v.ToString("R", inv)).Concat(new[] { u[i], laplacian[i], residual }.Select(v => v.ToString("R", inv))).Concat(columns.Select(c => c(x).ToString("R", inv)))).Append('\n');
        }

        AtomicFile.WriteText(path, text.ToString());
        return points.Count;
    }

    /// <summary>A catalog entry's values: its closed form when the problem has one by that name, else the entry's own.</summary>
    private static Func<double[], double> Column(CatalogEntry entry, NonlinearPoisson problem)
    {
        if (problem.KnownSolutions.TryGetValue(entry.Name, out var closed))
        {
            var exact = ExprCompiler.Compile(closed, problem.Dimension, problem.Parameters);
            return x => exact.Evaluate(x);
        }

        return entry.Evaluate;
    }
}
