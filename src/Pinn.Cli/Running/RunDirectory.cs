namespace Pinn.Cli.Running;

/// <summary>The files of a run directory.</summary>
/// <param name="Path">The directory.</param>
internal sealed record RunDirectory(string Path)
{
    public string Config => File("config.json");

    public string Metrics => File("metrics.csv");

    public string Bounces => File("bounces.csv");

    public string Checkpoint => File("checkpoint.bin");

    public string Summary => File("summary.json");

    public string Catalog => File("catalog.json");

    public string Slices => File("slices.csv");

    /// <summary>File name (without extension) of the radial-slices plot: .svg and .png.</summary>
    public const string RadialSlicesPlot = "radial-slices";

    /// <summary>File name (without extension) of the loss plot: .svg and .png.</summary>
    public const string LossPlot = "loss";

    /// <summary>File name (without extension) of the error plot: .svg and .png.</summary>
    public const string ErrorPlot = "error";

    public string Report => File("report.html");

    private string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>The default directory: runs/&lt;config-name&gt;-&lt;UTC timestamp&gt;.</summary>
    public static string Default(string configName) => System.IO.Path.Combine("runs", $"{configName}-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
}
