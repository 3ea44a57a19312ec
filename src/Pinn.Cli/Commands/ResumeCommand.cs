using System.CommandLine;
using Pinn.Cli.Running;

namespace Pinn.Cli.Commands;

/// <summary><c>pinn resume</c>: continue a run from its checkpoint, bit for bit.</summary>
internal static class ResumeCommand
{
    public static Command Create(TextWriter output, CancellationToken cancellation)
    {
        var directory = new Argument<string>("run-dir") { Description = "A run directory written by solve or batch." };
        var steps = new Option<long?>("--steps") { Description = "New total step count (to extend a finished run)." };
        var command = new Command("resume", "Continue an interrupted run from its checkpoint (same results as an uninterrupted run).") { directory, steps };
        command.SetAction(parse => RunPipeline.Resume(parse.GetValue(directory)!, parse.GetValue(steps), output, cancellation));
        return command;
    }
}
