using System.Globalization;

namespace Pinn.Runs.Files;

/// <summary>A comma-separated file read by header name: a damaged row or value is an <see cref="InvalidDataException"/> naming the file and line.</summary>
internal sealed class CsvTable
{
    private readonly string path;

    private CsvTable(string path, string[] header, IReadOnlyList<(int Line, string[] Cells)> rows)
    {
        this.path = path;
        Header = header;
        Rows = rows;
    }

    public string[] Header { get; }

    public IReadOnlyList<(int Line, string[] Cells)> Rows { get; }

    public static CsvTable Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' is missing.", path);
        }

        var lines = File.ReadAllLines(path);
        if (lines.Length == 0)
        {
            throw new InvalidDataException($"'{path}' is empty: it has no header line.");
        }

        var header = lines[0].Split(',');
        var rows = new List<(int, string[])>();
        for (int i = 1; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            var cells = lines[i].Split(',');
            if (cells.Length != header.Length)
            {
                throw new InvalidDataException($"'{path}' line {i + 1} has {cells.Length} values for {header.Length} columns: the file is damaged.");
            }

            rows.Add((i + 1, cells));
        }

        return new CsvTable(path, header, rows);
    }

    public int Column(string name) => Array.IndexOf(Header, name) is int i and >= 0
        ? i
        : throw new InvalidDataException($"'{path}' has no column '{name}': it is not a file of this version of pinn.");

    public double Number((int Line, string[] Cells) row, int column) =>
        double.TryParse(row.Cells[column], NumberStyles.Float, CultureInfo.InvariantCulture, out double v)
            ? v
            : throw new InvalidDataException($"'{path}' line {row.Line}, column '{Header[column]}': '{row.Cells[column]}' is not a number.");
}
