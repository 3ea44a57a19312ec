using System.Globalization;
using Pinn.Core.Optimization;
using Pinn.Core.Training;
using Pinn.Optimizers;
using Pinn.Runs;
using Pinn.Runs.Configuration;
using Pinn.Runs.Files;

namespace Pinn.Cli.Running;

/// <summary>The CLI's side of a batch run: prints what <see cref="BatchRun"/> does, shows progress, and maps the outcome to an exit code.</summary>
internal static class RunPipeline
{
    /// <summary>Exit code of a run interrupted by Ctrl-C (after its checkpoint was written).</summary>
    public const int Interrupted = 130;

    /// <summary>Exit code of a run in which no member finished (every one stopped with a non-finite loss).</summary>
    public const int NoneFinished = 3;

    public static int Start(RunConfig config, string? outDirectory, bool force, TextWriter output, CancellationToken cancellation)
    {
        if ((outDirectory ?? config.OutputDirectory) is string chosen)
        {
            RunDirectory.CheckWritablePath(chosen); // one line, before anything is printed or computed
        }

        output.WriteLine($"pinn: {config.Problem}");
        using var run = BatchRun.Start(config, outDirectory, note => output.WriteLine($"pinn: {note}"), force);
        output.WriteLine($"pinn: run directory {run.Directory.Path}");
        return Train(run, output, cancellation);
    }

    public static int Resume(string directory, long? steps, TextWriter output, CancellationToken cancellation)
    {
        BatchRun run;
        try
        {
            run = BatchRun.Resume(directory, steps);
        }
        catch (Pinn.Core.Configuration.OptionsValidationException e) when (e.Property == nameof(TrainingOptions.Steps))
        {
            throw new ArgumentException($"--steps: {e.Reason} Nothing was changed.");
        }

        using var _ = run;
        output.WriteLine($"pinn: resuming {run.Directory.Path} at step {run.Step}");
        return Train(run, output, cancellation);
    }

    /// <summary>Prints the class counts, every member and where the report is.</summary>
    public static void PrintSummary(RunDirectory dir, RunSummary summary, TextWriter output)
    {
        output.WriteLine($"pinn: classes: {string.Join(" · ", summary.ClassCounts.Select(p => $"{p.Key} {p.Value}/{summary.Members.Count}"))}");
        foreach (var m in summary.Members)
        {
            var rel = m.RelativeL2.Select(p => double.IsFinite(p.Value) ? string.Create(CultureInfo.InvariantCulture, $"{p.Key} {p.Value:G3}") : $"{p.Key} n/a");
            string toClass = double.IsFinite(m.ErrorToClass) ? m.ErrorToClass.ToString("G3", CultureInfo.InvariantCulture) : "n/a";
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  member {m.Index,2}: {m.Class,-12} final loss {RunReport.Round(m.FinalLoss)}, error to its class {toClass}, {(m.RelativeL2.Count == 0 ? "no closed-form solution to compare" : $"relative L2 error: {string.Join(", ", rel)}")}, error estimate {(double.IsFinite(m.ErrorEstimate) ? m.ErrorEstimate.ToString("G3", CultureInfo.InvariantCulture) : "n/a")}; {m.StopReason}"));
        }

        if (summary.Catalog.Count == 0)
        {
            output.WriteLine($"pinn: no reference solution (no shooting profile, disk-solver solution or closed form): each member is judged by its error estimate, the larger of its relative PDE residual and boundary error on {Pinn.Core.Loss.ResidualCheck.DefaultInteriorPoints} fresh points");
        }

        output.WriteLine($"pinn: report {dir.Report} (plots {RunDirectory.RadialSlicesPlot}, {RunDirectory.LossPlot}, {RunDirectory.ErrorPlot}, {RunDirectory.ErrorTimePlot} as .png and .svg; summary {dir.Summary})");
    }

    private static int Train(BatchRun run, TextWriter output, CancellationToken cancellation)
    {
        var o = run.Config.Options;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pinn: {o.Ensemble.Members} member(s) × {o.Training.Steps} steps, {o.Optimizer.Kind}{Polish(o)}, N = {o.Network.Width}, D = {o.Network.Depth}, {o.Points.Interior} + {o.Points.Boundary} points, {run.BackendName}"));
        var reporter = new ProgressReporter(output, run.Step, run.Step == 0 ? TimeStepNote(o.Optimizer) : null);
        BatchResult? result = null;
        reporter.Run(observer => result = run.Train(observer, cancellation));
        if (result is null)
        {
            output.WriteLine($"pinn: interrupted at step {run.Step}; checkpoint saved. Continue with: pinn resume {run.Directory.Path}");
            return Interrupted;
        }

        PrintSummary(run.Directory, result.ToSummary(), output);
        if (result.Members.All(m => m.State == MemberState.Stopped))
        {
            output.WriteLine("pinn: no member finished: every one stopped with a non-finite loss (see the stop reasons above).");
            return NoneFinished;
        }

        return 0;
    }

    /// <summary>The line that says which time step BBI chose from the first loss, when it scaled Δt (null otherwise).</summary>
    internal static Func<double, string?>? TimeStepNote(IOptimizerOptions optimizer) => optimizer is BbiOptions { LossScale: > 0 } bbi
        ? v0 => bbi.EffectiveTimeStep(v0 - bbi.EnergyShift) is var dt && dt != bbi.TimeStep
            ? string.Create(CultureInfo.InvariantCulture, $"pinn: the first loss {v0:G3} exceeds optimizer.lossScale {bbi.LossScale:G3}: BBI steps with Δt = {dt:G3} instead of {bbi.TimeStep:G3} (set optimizer.timeStep to choose)")
            : null
        : null;

    private static string Polish(RunOptions o) => o.Polish is not { } p
        ? string.Empty
        : string.Create(CultureInfo.InvariantCulture, $", then ≤ {p.Iterations} {p.Kind} iterations{Stages(o, p)} on {(p.InteriorPoints > 0 ? p.InteriorPoints : o.Points.Interior)} + {(p.BoundaryPoints > 0 ? p.BoundaryPoints : o.Points.Boundary)} points (f64)");

    private static string Stages(RunOptions o, IPolisherOptions p) => o.Continuation is not { } c
        ? string.Empty
        : c.IterationsPerStage(p.Iterations) == p.Iterations
            ? string.Create(CultureInfo.InvariantCulture, $" per stage of a continuation in {c.Parameter} through {string.Join(", ", c.Values)} to the problem's own value")
            : string.Create(CultureInfo.InvariantCulture, $" at the problem's own value after ≤ {c.IterationsPerStage(p.Iterations)} per stage of a continuation in {c.Parameter} through {string.Join(", ", c.Values)}");
}
