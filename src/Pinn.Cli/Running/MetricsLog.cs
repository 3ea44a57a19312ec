using System.Globalization;
using Pinn.Core.IO;
using Pinn.Core.Training;

namespace Pinn.Cli.Running;

/// <summary>Appends metrics.csv and bounces.csv; on resume, drops rows written after the checkpoint.</summary>
internal sealed class MetricsLog
{
    private readonly RunDirectory directory;
    private readonly string[] solutionNames;

    public MetricsLog(RunDirectory directory, IEnumerable<string> solutionNames)
    {
        this.directory = directory;
        this.solutionNames = solutionNames.ToArray();
    }

    public string Header => "step,member,training_loss,loss,residual,boundary,regularization,mean_abs_residual,max_abs_residual,boundary_error,bounces" + string.Concat(solutionNames.Select(n => ",rel_l2_" + n)) + ",damping,step_norm";

    public void Create()
    {
        AtomicFile.WriteText(directory.Metrics, Header + "\n");
        AtomicFile.WriteText(directory.Bounces, "step,member\n");
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
    }

    public void Append(IReadOnlyList<MetricsRecord> records)
    {
        var inv = CultureInfo.InvariantCulture;
        var lines = records.Select(r => string.Join(',', new[]
        {
            r.Step.ToString(inv), r.Member.ToString(inv), R(r.TrainingLoss), R(r.Loss), R(r.Residual), R(r.Boundary), R(r.Regularization),
            R(r.MeanAbsResidual), R(r.MaxAbsResidual), R(r.BoundaryError), r.Bounces.ToString(inv),
        }.Concat(solutionNames.Select(n => R(r.RelativeErrors.GetValueOrDefault(n, double.NaN)))).Concat([R(r.Damping), R(r.StepNorm)])));
        File.AppendAllLines(directory.Metrics, lines);
    }

    public void AppendBounce(long step, int member) => File.AppendAllText(directory.Bounces, string.Create(CultureInfo.InvariantCulture, $"{step},{member}\n"));

    private static string R(double v) => v.ToString("R", CultureInfo.InvariantCulture);
}
