using System.CommandLine;
using Pinn.Cli.Running;
using Pinn.Runs;

namespace Pinn.Cli.Commands;

/// <summary><c>pinn plot</c>: redraw the plots and report of a finished run from its files.</summary>
internal static class PlotCommand
{
    public static Command Create(TextWriter output)
    {
        var directory = new Argument<string>("run-dir") { Description = "A finished run directory." };
        var command = new Command("plot", "Redraw the plots (radial slices, loss, error; SVG and PNG) and report.html from a run directory's saved files.") { directory };
        command.SetAction(parse =>
        {
            var dir = new RunDirectory(parse.GetValue(directory)!);
            RunPipeline.PrintSummary(dir, RunReport.Redraw(dir), output);
            return 0;
        });
        return command;
    }
}
