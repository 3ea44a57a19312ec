using System.CommandLine;
using Pinn.Cli.Running;

namespace Pinn.Cli.Commands;

/// <summary><c>pinn solve</c> and <c>pinn batch</c>: train one network, or an ensemble that differs by its bounces.</summary>
internal static class SolveCommand
{
    public static Command Create(string name, TextWriter output, CancellationToken cancellation)
    {
        bool batch = name == "batch";
        var overrides = new RunOverrides();
        var command = new Command(name, batch
            ? "Batch-solve: train an ensemble of K networks (differing only in their BBI bounces by default), classify each against the shooting catalog, plot and report."
            : "Solve: train one network (K = 1), classify it, plot and report.");
        overrides.AddTo(command, ensemble: batch, shard: batch);
        var force = new Option<bool>("--force") { Description = "Overwrite the files of a run already in the run directory instead of refusing." };
        command.Options.Add(force);
        command.SetAction(parse => RunPipeline.Start(overrides.Resolve(parse, batch ? null : 1), parse.GetValue(overrides.Out), parse.GetValue(force), output, cancellation));
        return command;
    }
}
