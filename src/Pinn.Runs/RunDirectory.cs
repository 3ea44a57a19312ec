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

    /// <summary>File name (without extension) of the plot of error and error estimate against wall time: .svg and .png.</summary>
    public const string ErrorTimePlot = "error-time";

    /// <summary>The resolved configuration the run was started with.</summary>
    public string Config => File("config.json");

    /// <summary>Validation metrics, one row per member and evaluation.</summary>
    public string Metrics => File("metrics.csv");

    /// <summary>Wall time at every evaluation (step, seconds since the run started, across resumes): informational only.</summary>
    public string Timing => File("timing.csv");

    /// <summary>One row per BBI bounce.</summary>
    public string Bounces => File("bounces.csv");

    /// <summary>The checkpoint a run resumes from.</summary>
    public string Checkpoint => File("checkpoint.bin");

    /// <summary>The members, their classes and errors (<see cref="Files.RunSummary"/>).</summary>
    public string Summary => File("summary.json");

    /// <summary>The solution catalog the members were classified against.</summary>
    public string Catalog => File("catalog.json");

    /// <summary>Every member's u along the x1 axis (<see cref="RadialSlices"/>).</summary>
    public string Slices => File("slices.csv");

    /// <summary>The HTML report.</summary>
    public string Report => File("report.html");

    /// <summary>The lengths and SHA-256 of the files the run reads back (<see cref="Files.RunManifest"/>).</summary>
    public string Manifest => File(Files.RunManifest.FileName);

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

    /// <summary>
    /// Every file a pinn verb writes into a directory it owns — batch and solve, merge, discover, shoot and its sweep:
    /// a directory holding any of them holds a run, and no verb writes into it without <c>--force</c>.
    /// </summary>
    public static readonly IReadOnlyList<string> RunFileNames =
    [
        "config.json", "metrics.csv", "timing.csv", "bounces.csv", "checkpoint.bin", "summary.json", "catalog.json", "slices.csv", "report.html",
        Files.RunManifest.FileName, ShardMerge.MergeFileName, DiscoveryResult.SolutionsFile, Files.DiscoveryState.FileName,
        "shoot.json", SweepRun.FileName, SweepRun.CsvFileName,
    ];

    /// <summary>The run files present in the directory (empty for a new or empty directory).</summary>
    public IReadOnlyList<string> ExistingRunFiles() =>
        RunFileNames.Where(name => System.IO.File.Exists(File(name))).ToList();

    /// <summary>
    /// Takes a directory for a verb that writes into it, by the rules every verb follows: the path must be usable as a
    /// directory (<see cref="CheckWritablePath"/>), no other process may be using it (<see cref="RunLock"/>), and it must
    /// hold no run files unless <paramref name="overwrite"/>.
    /// </summary>
    /// <param name="path">The directory (created when missing).</param>
    /// <param name="overwrite">Write over the run files already there (<c>--force</c>).</param>
    /// <returns>The lock, held until disposed.</returns>
    /// <exception cref="RunDirectoryException">The directory cannot be used, is in use, or holds run files.</exception>
    public static RunLock Claim(string path, bool overwrite)
    {
        var runLock = RunLock.Acquire(path);
        var existing = new RunDirectory(path).ExistingRunFiles();
        if (existing.Count > 0 && !overwrite)
        {
            runLock.Dispose();
            throw new RunDirectoryException($"the directory '{path}' already holds run files ({string.Join(", ", existing)}): choose another directory, or overwrite them (--force).");
        }

        return runLock;
    }

    /// <summary>Refuses, in one line, a path that cannot be a run directory: empty, a file, or inside a file.</summary>
    /// <param name="path">The directory path.</param>
    /// <exception cref="RunDirectoryException">The path cannot be a directory.</exception>
    public static void CheckWritablePath(string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new RunDirectoryException("the run directory is an empty path: give a directory (--out DIR).");
        }

        if (System.IO.File.Exists(path))
        {
            throw new RunDirectoryException($"'{path}' is a file, not a directory: give a directory for the run's files (--out DIR).");
        }

        for (string? parent = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path)); !string.IsNullOrEmpty(parent); parent = System.IO.Path.GetDirectoryName(parent))
        {
            if (System.IO.File.Exists(parent))
            {
                throw new RunDirectoryException($"'{path}' cannot be created: '{parent}' is a file, not a directory (--out DIR).");
            }
        }
    }

    /// <summary>Refuses, in one line, a path that is not an existing run directory (missing, or a file).</summary>
    /// <param name="path">The directory path.</param>
    /// <exception cref="DirectoryNotFoundException">It does not exist or is a file.</exception>
    public static void CheckExisting(string path)
    {
        if (System.IO.File.Exists(path))
        {
            throw new DirectoryNotFoundException($"'{path}' is a file, not a run directory: give the directory a run wrote (e.g. runs/<name>-<timestamp>).");
        }

        if (!Directory.Exists(path))
        {
            throw new DirectoryNotFoundException($"run directory '{path}' does not exist.");
        }
    }

    private string File(string name) => System.IO.Path.Combine(Path, name);
}
