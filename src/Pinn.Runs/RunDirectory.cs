namespace Pinn.Runs;

/// <summary>The files of a run directory (docs/problem-format.md, "The run directory").</summary>
/// <param name="Path">The directory.</param>
public sealed record RunDirectory(string Path)
{
    /// <summary>File name (without extension) of the radial-slices plot: .svg and .png.</summary>
    public const string RadialSlicesPlot = "radial-slices";

    /// <summary>File name (without extension) of the loss plot: .svg and .png.</summary>
    public const string LossPlot = "loss";

    /// <summary>File name (without extension) of the error plot: .svg and .png.</summary>
    public const string ErrorPlot = "error";

    /// <summary>The resolved configuration the run was started with.</summary>
    public string Config => File("config.json");

    /// <summary>Validation metrics, one row per member and evaluation.</summary>
    public string Metrics => File("metrics.csv");

    /// <summary>One row per BBI bounce.</summary>
    public string Bounces => File("bounces.csv");

    /// <summary>The checkpoint a run resumes from.</summary>
    public string Checkpoint => File("checkpoint.bin");

    /// <summary>The members, their classes and errors (<see cref="Files.RunSummary"/>).</summary>
    public string Summary => File("summary.json");

    /// <summary>The solution catalogue the members were classified against.</summary>
    public string Catalog => File("catalog.json");

    /// <summary>Every member's u along the x1 axis (<see cref="RadialSlices"/>).</summary>
    public string Slices => File("slices.csv");

    /// <summary>The HTML report.</summary>
    public string Report => File("report.html");

    /// <summary>
    /// The default directory: runs/&lt;config-name&gt;-&lt;UTC timestamp&gt;, with -2, -3, … appended when that exists
    /// (two runs started in the same second; the run lock settles a remaining race).
    /// </summary>
    /// <param name="configName">The configuration's name.</param>
    public static string Default(string configName)
    {
        string stem = System.IO.Path.Combine("runs", $"{configName}-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        string path = stem;
        for (int i = 2; Directory.Exists(path); i++)
        {
            path = $"{stem}-{i}";
        }

        return path;
    }

    /// <summary>The run files present in the directory (empty for a new or empty directory).</summary>
    public IReadOnlyList<string> ExistingRunFiles() =>
        new[] { Config, Metrics, Bounces, Checkpoint, Summary, Catalog, Slices, Report }.Where(System.IO.File.Exists).Select(System.IO.Path.GetFileName).OfType<string>().ToList();

    private string File(string name) => System.IO.Path.Combine(Path, name);
}
