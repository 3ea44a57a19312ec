using System.Security.Cryptography;
using System.Text;

namespace Pinn.Core.Training.Checkpoints;

/// <summary>
/// Which run a checkpoint (and a run directory's files.json) belongs to: a hash of everything that shapes the
/// trajectory (problem, network, points, loss, optimizer, seed, precision, ensemble, polishing, continuation,
/// deflation, shard), but not the step count (a run can be extended) nor the evaluation and checkpoint periods.
/// </summary>
public static class RunIdentity
{
    /// <summary>The identity of a run: 16 hexadecimal digits.</summary>
    /// <param name="problem">The run's problem.</param>
    /// <param name="options">The run's options.</param>
    public static string Of(TrainingProblem problem, RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        var o = options;
        var f = problem.Form;
        var text = string.Join(
            "|",
            problem.Name,
            f.Dimension,
            f.Nonlinearity,
            f.Source,
            f.Boundary,
            string.Join(",", f.Parameters.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value:R}")),
            o.Network,
            o.Points,
            o.Loss,
            o.Optimizer.Identity,
            o.Training.Seed,
            o.Training.Precision,
            o.Ensemble,
            o.Polish?.ToString() ?? "-",
            o.Continuation?.Identity ?? "-",
            o.Deflation?.ToString() ?? "-") + (o.Shard is { } shard ? $"|shard {shard}" : string.Empty);
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 8);
    }
}
