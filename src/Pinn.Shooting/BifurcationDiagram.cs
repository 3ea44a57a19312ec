using System.Globalization;
using System.Text;
using Pinn.Core.IO;

namespace Pinn.Shooting;

/// <summary>Every radial solution along a parameter sweep, and where their number changes.</summary>
/// <param name="Parameter">The swept parameter.</param>
/// <param name="Points">Every solution at every value (by value, then u(0) descending).</param>
/// <param name="Folds">Where the solution count changes, refined by bisection.</param>
public sealed record BifurcationDiagram(string Parameter, IReadOnlyList<SweepPoint> Points, IReadOnlyList<Fold> Folds)
{
    /// <summary>Writes the points as CSV (header: the parameter's name, u0, norm; values round-trip exactly), atomically.</summary>
    /// <param name="path">The file.</param>
    public void WriteCsv(string path)
    {
        var csv = new StringBuilder($"{Parameter},u0,norm\n");
        foreach (var p in Points)
        {
            csv.Append(string.Create(CultureInfo.InvariantCulture, $"{p.Parameter:R},{p.U0:R},{p.Norm:R}\n"));
        }

        AtomicFile.WriteText(path, csv.ToString());
    }

    /// <summary>Reads the points written by <see cref="WriteCsv"/> (the folds are not stored).</summary>
    /// <param name="path">The file.</param>
    /// <exception cref="InvalidDataException">A line is not three numbers, or the header is not NAME,u0,norm.</exception>
    public static BifurcationDiagram ReadCsv(string path)
    {
        var lines = File.ReadAllLines(path);
        var header = lines.Length > 0 ? lines[0].Split(',') : [];
        if (header.Length != 3 || header[1] != "u0" || header[2] != "norm")
        {
            throw new InvalidDataException($"'{path}' is not a sweep file: its header must be NAME,u0,norm.");
        }

        var points = new List<SweepPoint>();
        for (int i = 1; i < lines.Length; i++)
        {
            var cells = lines[i].Split(',');
            if (cells.Length != 3 || !cells.All(c => double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out _)))
            {
                throw new InvalidDataException($"'{path}' line {i + 1} is not three numbers: the file is damaged.");
            }

            var v = cells.Select(c => double.Parse(c, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
            points.Add(new SweepPoint(v[0], v[1], v[2]));
        }

        return new BifurcationDiagram(header[0], points, []);
    }
}
