namespace Pinn.Runs.Files;

/// <summary>
/// files.json of a batch run directory: which run wrote the directory (its trainer identity, as in checkpoint.bin) and
/// the length and SHA-256 of every file the run reads back — config.json and catalog.json whole, the appended logs
/// metrics.csv and bounces.csv as far as they were written when the checkpoint of <see cref="Step"/> was saved, and
/// once the run has finished summary.json and slices.csv. It is rewritten atomically just before every checkpoint and
/// after the result files, so <c>resume</c>, <c>plot</c> and <c>merge</c> can refuse a file that is not this run's, or
/// that was cut or changed, before they do any work.
/// </summary>
/// <param name="Format">The file's format (1).</param>
/// <param name="Identity">The run's identity (<c>Trainer.Identity</c>: problem, options and seed).</param>
/// <param name="Step">The training step of the checkpoint saved right after this manifest.</param>
/// <param name="Finished">Whether the run had finished (its result files are listed).</param>
/// <param name="Files">Each file's digest by file name.</param>
public sealed record RunManifest(int Format, string Identity, long Step, bool Finished, IReadOnlyDictionary<string, FileDigest> Files)
{
    /// <summary>The manifest's file name in a run directory.</summary>
    public const string FileName = "files.json";

    /// <summary>The format written.</summary>
    public const int CurrentFormat = 1;

    /// <summary>Files recorded whole.</summary>
    public static readonly IReadOnlyList<string> WholeFiles = ["config.json", "catalog.json", "summary.json", "slices.csv"];

    /// <summary>The result files among <see cref="WholeFiles"/>: recorded once the run has finished.</summary>
    public static readonly IReadOnlyList<string> ResultFiles = ["summary.json", "slices.csv"];

    /// <summary>Appended logs: recorded as far as they were written.</summary>
    public static readonly IReadOnlyList<string> AppendedFiles = ["metrics.csv", "bounces.csv"];
}
