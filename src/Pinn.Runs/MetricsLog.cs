using System.Globalization;
using Pinn.Core.IO;
using Pinn.Core.Training;

namespace Pinn.Runs;

/// <summary>
/// Records a run's metrics.csv, bounces.csv and timing.csv as a training observer (rows appended as they come); on
/// resume, drops the rows written after the checkpoint. timing.csv (step, seconds of wall time since the run started,
/// summed over its sessions) is kept apart from metrics.csv so that the metrics of equal runs stay equal byte for byte
/// (shards against the whole run, a resumed run against an uninterrupted one); a missing or damaged timing.csv is
/// started again, never a reason to refuse a resume.
/// </summary>
public sealed class MetricsLog : ITrainingObserver
{
    private readonly RunDirectory directory;
    private readonly string[] solutionNames;
    private readonly System.Diagnostics.Stopwatch clock = new();
    private double earlierSeconds;

    /// <summary>A log for a run directory.</summary>
    /// <param name="directory">The run directory.</param>
    /// <param name="solutionNames">The known solutions, one error column each.</param>
    public MetricsLog(RunDirectory directory, IEnumerable<string> solutionNames)
    {
        this.directory = directory;
        this.solutionNames = solutionNames.ToArray();
    }

    /// <summary>The header line of metrics.csv.</summary>
    public string Header => "step,member,training_loss,loss,residual,boundary,regularization,mean_abs_residual,max_abs_residual,boundary_error,bounces" + string.Concat(solutionNames.Select(n => ",rel_l2_" + n)) + ",damping,step_norm";

    /// <summary>The header line of timing.csv.</summary>
    public const string TimingHeader = "step,elapsed_s";

    /// <summary>Starts the files with their header lines, and the clock.</summary>
    public void Create()
    {
        AtomicFile.WriteText(directory.Metrics, Header + "\n");
        AtomicFile.WriteText(directory.Bounces, "step,member\n");
        AtomicFile.WriteText(directory.Timing, TimingHeader + "\n");
        earlierSeconds = 0;
        clock.Restart();
    }

    /// <summary>
    /// Checks, before a resume trains anything, that both logs are there and readable: their header lines, and every
    /// row with the header's number of fields and a step number (a directory without files.json is checked this way only).
    /// </summary>
    /// <exception cref="InvalidDataException">A log is missing or damaged, naming the file and line.</exception>
    public void CheckReadable()
    {
        foreach (var (path, header) in new[] { (directory.Metrics, Header), (directory.Bounces, "step,member") })
        {
            if (!File.Exists(path))
            {
                throw new InvalidDataException($"'{path}' is missing: the run's log cannot be continued; restore it, or run again in a new directory.");
            }

            string text = File.ReadAllText(path);
            var lines = text.Split('\n');
            // The last piece is empty after a complete line, or a row a killed process left half-written (after its
            // last checkpoint: the resume drops it).
            lines = lines[..^1];
            if (lines.Length == 0 || lines[0] != header)
            {
                throw new InvalidDataException($"'{path}' does not start with this run's header line ({header}): it is damaged or another run's; restore it, or run again in a new directory.");
            }

            int fields = header.Split(',').Length;
            for (int i = 1; i < lines.Length; i++)
            {
                var cells = lines[i].Split(',');
                if (cells.Length != fields || !long.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out _))
                {
                    throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture, $"'{path}' line {i + 1} is damaged ({cells.Length} of {fields} fields, or no step number): restore the file, or run again in a new directory."));
                }
            }
        }
    }

    /// <summary>Keeps only rows up to <paramref name="step"/> (rewritten atomically).</summary>
    public void TruncateAfter(long step)
    {
        foreach (var path in new[] { directory.Metrics, directory.Bounces })
        {
            if (!File.Exists(path))
            {
                continue;
            }

            var lines = File.ReadAllLines(path);
            var kept = lines.Take(1).Concat(lines.Skip(1).Where(l => long.TryParse(l.Split(',')[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long s) && s <= step));
            AtomicFile.WriteText(path, string.Join("\n", kept) + "\n");
        }

        ContinueTiming(step);
    }

    /// <summary>Keeps timing.csv's rows up to <paramref name="step"/> and continues its clock from the last of them.</summary>
    private void ContinueTiming(long step)
    {
        var rows = (ReadTiming(directory.Timing) ?? []).Where(r => r.Step <= step).ToList();
        AtomicFile.WriteText(directory.Timing, string.Join("\n", rows.Select(r => TimingRow(r.Step, r.Seconds)).Prepend(TimingHeader)) + "\n");
        earlierSeconds = rows.Count > 0 ? rows[^1].Seconds : 0;
        clock.Restart();
    }

    /// <inheritdoc />
    public void OnStep(long step, long totalSteps, IReadOnlyList<MemberStatus> members)
    {
    }

    /// <inheritdoc />
    public void OnMetrics(IReadOnlyList<MetricsRecord> records)
    {
        var inv = CultureInfo.InvariantCulture;
        var lines = records.Select(r => string.Join(',', new[]
        {
            r.Step.ToString(inv), r.Member.ToString(inv), R(r.TrainingLoss), R(r.Loss), R(r.Residual), R(r.Boundary), R(r.Regularization),
            R(r.MeanAbsResidual), R(r.MaxAbsResidual), R(r.BoundaryError), r.Bounces.ToString(inv),
        }.Concat(solutionNames.Select(n => R(r.RelativeErrors.GetValueOrDefault(n, double.NaN)))).Concat([R(r.Damping), R(r.StepNorm)])));
        File.AppendAllLines(directory.Metrics, lines);
        if (records.Count > 0)
        {
            File.AppendAllText(directory.Timing, TimingRow(records[0].Step, earlierSeconds + clock.Elapsed.TotalSeconds) + "\n");
        }
    }

    /// <inheritdoc />
    public void OnBounce(long step, int member) => File.AppendAllText(directory.Bounces, string.Create(CultureInfo.InvariantCulture, $"{step},{member}\n"));

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>
    /// The rows of a timing.csv (step, elapsed seconds), skipping rows that do not parse; null when the file is missing
    /// or does not start with <see cref="TimingHeader"/>.
    /// </summary>
    /// <param name="path">The file.</param>
    public static IReadOnlyList<(long Step, double Seconds)>? ReadTiming(string path)
    {
        var lines = File.Exists(path) ? File.ReadAllLines(path) : [];
        if (lines.Length == 0 || lines[0] != TimingHeader)
        {
            return null;
        }

        var rows = new List<(long Step, double Seconds)>();
        foreach (var cells in lines.Skip(1).Select(l => l.Split(',')))
        {
            if (cells.Length == 2 && long.TryParse(cells[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out long s)
                && double.TryParse(cells[1], NumberStyles.Float, CultureInfo.InvariantCulture, out double t) && double.IsFinite(t))
            {
                rows.Add((s, t));
            }
        }

        return rows;
    }

    private static string TimingRow(long step, double seconds) => string.Create(CultureInfo.InvariantCulture, $"{step},{seconds:F3}");
}
