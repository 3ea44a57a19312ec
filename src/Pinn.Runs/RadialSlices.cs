using System.Globalization;
using System.Text;
using Pinn.Core.IO;
using Pinn.Runs.Files;

namespace Pinn.Runs;

/// <summary>Every member's learned u along the x1 axis from −1 to 1 (slices.csv: columns x1, member_0, member_1, …).</summary>
/// <param name="X">The x1 coordinates.</param>
/// <param name="Members">u at those points, one array per member, in member order.</param>
/// <param name="Indices">Each slice's member index (null: 0, 1, …; a shard of an ensemble holds a block of the indices).</param>
public sealed record RadialSlices(double[] X, IReadOnlyList<double[]> Members, IReadOnlyList<int>? Indices = null)
{
    /// <summary>Each slice's member index.</summary>
    public IReadOnlyList<int> MemberIndices => Indices ?? Enumerable.Range(0, Members.Count).ToArray();

    /// <summary>Points per slice in a run directory: x1 = −1 + i/200, i = 0 … 400.</summary>
    public const int DefaultPoints = 401;

    /// <summary>The slice's points (x1, 0, …, 0) in dimension <paramref name="dimension"/>.</summary>
    /// <param name="dimension">The problem's dimension.</param>
    /// <param name="count">Points from x1 = −1 to 1.</param>
    public static double[][] Points(int dimension, int count = DefaultPoints) =>
        Enumerable.Range(0, count).Select(i =>
        {
            var x = new double[dimension];
            x[0] = -1 + (2.0 * i / (count - 1));
            return x;
        }).ToArray();

    /// <summary>Writes slices.csv atomically (values round-trip exactly).</summary>
    /// <param name="path">The file.</param>
    public void Write(string path)
    {
        var csv = new StringBuilder("x1" + string.Concat(MemberIndices.Select(m => string.Create(CultureInfo.InvariantCulture, $",member_{m}"))) + "\n");
        for (int i = 0; i < X.Length; i++)
        {
            csv.Append(X[i].ToString("R", CultureInfo.InvariantCulture));
            foreach (var s in Members)
            {
                csv.Append(',').Append(s[i].ToString("R", CultureInfo.InvariantCulture));
            }

            csv.Append('\n');
        }

        AtomicFile.WriteText(path, csv.ToString());
    }

    /// <summary>Reads slices.csv, finding columns by their header names.</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="InvalidDataException">A header or value is missing or not a number.</exception>
    public static RadialSlices Read(string path)
    {
        var table = CsvTable.Read(path);
        int x = table.Column("x1");
        var memberColumns = table.Header.Select((name, i) => (Index: int.TryParse(name.StartsWith("member_", StringComparison.Ordinal) ? name["member_".Length..] : null, NumberStyles.None, CultureInfo.InvariantCulture, out int m) ? m : -1, Column: i))
            .Where(c => c.Index >= 0).OrderBy(c => c.Index).ToArray();
        return new RadialSlices(table.Rows.Select(r => table.Number(r, x)).ToArray(), memberColumns.Select(c => table.Rows.Select(r => table.Number(r, c.Column)).ToArray()).ToList(), memberColumns.Select(c => c.Index).ToArray());
    }
}
