using System.Globalization;
using Pinn.Runs.Files;

namespace Pinn.Runs;

/// <summary>
/// Keeps a batch run directory's <see cref="RunManifest"/> (files.json) and checks the files a verb reads back against
/// it: every file must be the one this run wrote — not another run's copied in, not cut, not edited — before any work
/// is done. A directory written by a pinn without manifests (no files.json) is read unchecked.
/// </summary>
public static class RunIntegrity
{
    /// <summary>Writes files.json for the directory's files as they are now (atomically).</summary>
    /// <param name="directory">The run directory.</param>
    /// <param name="identity">The run's identity (<c>Trainer.Identity</c>).</param>
    /// <param name="step">The step of the checkpoint saved next (or already saved).</param>
    /// <param name="finished">Whether the result files (summary.json, slices.csv) are written and to be recorded.</param>
    public static void Record(RunDirectory directory, string identity, long step, bool finished)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var files = new SortedDictionary<string, FileDigest>(StringComparer.Ordinal);
        foreach (string name in RunManifest.WholeFiles.Concat(RunManifest.AppendedFiles))
        {
            string path = Path.Combine(directory.Path, name);
            if ((finished || !RunManifest.ResultFiles.Contains(name)) && File.Exists(path))
            {
                files[name] = FileDigest.Of(path);
            }
        }

        RunFile.Write(directory.Manifest, new RunManifest(RunManifest.CurrentFormat, identity, step, finished, files), RunFilesJsonContext.Default.RunManifest);
    }

    /// <summary>The directory's manifest, or null when it has none (a directory from a pinn that wrote none).</summary>
    /// <param name="directory">The run directory.</param>
    /// <exception cref="InvalidDataException">files.json is damaged.</exception>
    public static RunManifest? Read(RunDirectory directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        return File.Exists(directory.Manifest) ? RunFile.Read(directory.Manifest, RunFilesJsonContext.Default.RunManifest) : null;
    }

    /// <summary>
    /// Before a resume: the manifest is this run's (identity) and from the checkpoint's step or later, config.json and
    /// catalog.json are the ones recorded, and metrics.csv and bounces.csv start with what was recorded (changes
    /// nothing; <see cref="CutAppended"/> then drops what was appended after the manifest).
    /// </summary>
    /// <param name="directory">The run directory.</param>
    /// <param name="identity">The identity of the run its config.json describes.</param>
    /// <param name="checkpointStep">The step of checkpoint.bin.</param>
    /// <returns>The manifest, or null for a directory without one.</returns>
    /// <exception cref="InvalidDataException">A file is not this run's or was changed; nothing was changed.</exception>
    public static RunManifest? CheckForResume(RunDirectory directory, string identity, long checkpointStep)
    {
        var manifest = Read(directory);
        if (manifest is null)
        {
            return null;
        }

        if (manifest.Identity != identity)
        {
            throw new InvalidDataException($"'{directory.Manifest}' belongs to another run (identity {manifest.Identity}, but config.json describes {identity}): this directory mixes the files of two runs; start the run again in a new directory.");
        }

        if (manifest.Step < checkpointStep)
        {
            throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{directory.Manifest}' is from step {manifest.Step} but checkpoint.bin from step {checkpointStep}: one of them was replaced; start the run again in a new directory."));
        }

        foreach (var (name, digest) in manifest.Files)
        {
            string path = Path.Combine(directory.Path, name);
            bool appended = RunManifest.AppendedFiles.Contains(name);
            if (RunManifest.ResultFiles.Contains(name))
            {
                continue; // rewritten when the run finishes again
            }

            if (!(appended ? digest.MatchesPrefix(path) : digest.MatchesWhole(path)))
            {
                throw new InvalidDataException(Changed(directory, name, path, digest, prefixOnly: appended));
            }
        }

        return manifest;
    }

    /// <summary>Cuts metrics.csv and bounces.csv back to what the manifest recorded (what a killed process appended after it).</summary>
    /// <param name="directory">The run directory.</param>
    /// <param name="manifest">Its manifest (checked by <see cref="CheckForResume"/>); null does nothing.</param>
    public static void CutAppended(RunDirectory directory, RunManifest? manifest)
    {
        ArgumentNullException.ThrowIfNull(directory);
        foreach (string name in RunManifest.AppendedFiles.Where(n => manifest?.Files.ContainsKey(n) == true))
        {
            using var stream = new FileStream(Path.Combine(directory.Path, name), FileMode.Open, FileAccess.Write);
            stream.SetLength(manifest!.Files[name].Bytes);
        }
    }

    /// <summary>
    /// Before reading a finished run's results (plot, merge): the manifest records a finished run, and every file it
    /// records is exactly as recorded.
    /// </summary>
    /// <param name="directory">The run directory.</param>
    /// <returns>The manifest, or null for a directory without one.</returns>
    /// <exception cref="InvalidDataException">The run has not finished since it was resumed, or a file is missing, not this run's, or was changed.</exception>
    public static RunManifest? CheckFinished(RunDirectory directory)
    {
        var manifest = Read(directory);
        if (manifest is null)
        {
            return null;
        }

        if (!manifest.Finished)
        {
            throw new InvalidDataException($"'{directory.Path}' holds a summary.json that its {RunManifest.FileName} does not record (the run has not finished since it was resumed, or the file is another run's): resume it (pinn resume {directory.Path}).");
        }

        foreach (var (name, digest) in manifest.Files)
        {
            string path = Path.Combine(directory.Path, name);
            if (!digest.MatchesWhole(path))
            {
                throw new InvalidDataException(Changed(directory, name, path, digest, prefixOnly: false));
            }
        }

        return manifest;
    }

    /// <summary>What is wrong with a file that does not match its record (<paramref name="prefixOnly"/>: only its recorded bytes were required).</summary>
    private static string Changed(RunDirectory directory, string name, string path, FileDigest digest, bool prefixOnly)
    {
        bool log = RunManifest.AppendedFiles.Contains(name);
        long length = File.Exists(path) ? new FileInfo(path).Length : -1;
        string what = length < 0
            ? "is missing"
            : !log
                ? "is not the file this run wrote (another run's, or edited)"
                : length < digest.Bytes
                    ? string.Create(CultureInfo.InvariantCulture, $"was cut ({length} bytes, the run wrote {digest.Bytes})")
                    : !prefixOnly && digest.MatchesPrefix(path)
                        ? string.Create(CultureInfo.InvariantCulture, $"has rows the run did not write ({length} bytes, the run wrote {digest.Bytes})")
                        : string.Create(CultureInfo.InvariantCulture, $"was changed (its first {digest.Bytes} bytes are not what the run wrote)");
        return $"{name} in '{directory.Path}' {what}, according to {RunManifest.FileName}: nothing was done. Restore it, or run again in a new directory.";
    }
}
