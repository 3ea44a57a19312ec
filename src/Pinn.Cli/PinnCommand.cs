using System.CommandLine;
using Pinn.Cli.Commands;
using Pinn.Core.Configuration;
using Pinn.Problems;

namespace Pinn.Cli;

/// <summary>The <c>pinn</c> command line: builds the verbs and turns errors into one line plus a hint.</summary>
internal static class PinnCommand
{
    /// <summary>Parses and runs; returns the exit code.</summary>
    public static int Run(string[] args, TextWriter output, TextWriter error)
    {
        var root = new RootCommand("Pinn: physics-informed neural networks for nonlinear Poisson problems, trained by BBI (Bouncing Born-Infeld).");
        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) =>
        {
            // First Ctrl-C: finish the current step, save a checkpoint and exit; a second one kills the process.
            if (!cancel.IsCancellationRequested)
            {
                e.Cancel = true;
                cancel.Cancel();
                error.WriteLine("pinn: stopping after this step and saving a checkpoint (Ctrl-C again to abort)");
            }
        };
        Console.CancelKeyPress += onCancel;
        root.Subcommands.Add(SolveCommand.Create("solve", output, cancel.Token));
        root.Subcommands.Add(SolveCommand.Create("batch", output, cancel.Token));
        root.Subcommands.Add(ResumeCommand.Create(output, cancel.Token));
        root.Subcommands.Add(DiscoverCommand.Create(output, cancel.Token));
        root.Subcommands.Add(PlotCommand.Create(output));
        root.Subcommands.Add(ShootCommand.Create(output));
        root.Subcommands.Add(BenchCommand.Create(output));
        root.Subcommands.Add(SyntheticCommand.Create(output));
        try
        {
            return root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (UserError(e) is string message)
        {
            error.WriteLine($"pinn: error: {message}");
            return 2;
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary>The one-line message of an expected, user-caused error; null for a bug.</summary>
    public static string? UserError(Exception e) => e switch
    {
        ConfigurationException or ProblemDefinitionException or Pinn.Runs.RunDirectoryException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException => e.Message,
        Pinn.Core.Symbolic.ExprParseException p => $"cannot parse expression \"{p.Text}\": {p.Message}",
        OptionsValidationException o => o.Reason,
        ArgumentException a when a.ParamName is null => a.Message,
        ArgumentException a => $"invalid value of {a.ParamName}: it was not caught by pinn's own checks, please report this with the command you ran.",
        IOException io => $"{io.Message} (check the path and free disk space)",
        UnauthorizedAccessException u => $"{u.Message} (check permissions)",
        _ => null,
    };
}
