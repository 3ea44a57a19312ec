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
        using var cancel = new CancellationTokenSource();
        var root = Build(output, cancel.Token);
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
        try
        {
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0 && args.Length > 0 && !args.Any(a => a is "-h" or "--help" or "-?"))
            {
                // One line per error and where to look, instead of System.CommandLine's type names and the whole help.
                // "Required command was not provided" only repeats an unrecognized verb's error: leave it out then.
                var errors = parse.Errors.Count > 1 ? parse.Errors.Where(e => !e.Message.StartsWith("Required command", StringComparison.Ordinal)) : parse.Errors;
                foreach (var e in errors)
                {
                    error.WriteLine($"pinn: error: {ParseErrorText(e.Message)}");
                }

                error.WriteLine($"pinn: see '{string.Join(' ', CommandPath(parse.CommandResult))} --help' for the options.");
                return 2;
            }

            return parse.Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
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

    /// <summary>The command tree: every verb with its options (also what docs/cli.md's verb table is checked against).</summary>
    /// <param name="output">Where the verbs print.</param>
    /// <param name="cancellation">Stops long runs after the current step.</param>
    public static RootCommand Build(TextWriter output, CancellationToken cancellation)
    {
        var root = new RootCommand("Pinn: physics-informed neural networks for nonlinear Poisson problems, trained by BBI (Bouncing Born-Infeld).");
        root.Subcommands.Add(SolveCommand.Create("solve", output, cancellation));
        root.Subcommands.Add(SolveCommand.Create("batch", output, cancellation));
        root.Subcommands.Add(ResumeCommand.Create(output, cancellation));
        root.Subcommands.Add(DiscoverCommand.Create(output, cancellation));
        root.Subcommands.Add(MergeCommand.Create(output));
        root.Subcommands.Add(SlurmCommand.Create(output));
        root.Subcommands.Add(PlotCommand.Create(output));
        root.Subcommands.Add(EvalCommand.Create(output));
        root.Subcommands.Add(ShootCommand.Create(output));
        root.Subcommands.Add(BenchCommand.Create(output));
        root.Subcommands.Add(DeviceCheckCommand.Create(output));
        root.Subcommands.Add(SyntheticCommand.Create(output));
        return root;
    }

    /// <summary>A parser message with .NET type names replaced by what a user types.</summary>
    /// <param name="message">System.CommandLine's message.</param>
    public static string ParseErrorText(string message) => System.Text.RegularExpressions.Regex.Replace(
        message,
        @"as expected type '([^']*)'",
        m => "as " + (m.Groups[1].Value switch
        {
            var t when t.Contains("Int64", StringComparison.Ordinal) || t.Contains("Int32", StringComparison.Ordinal) => "a whole number",
            var t when t.Contains("Double", StringComparison.Ordinal) || t.Contains("Single", StringComparison.Ordinal) => "a number (e.g. 0.5 or 1e-3)",
            var t when t.Contains("Boolean", StringComparison.Ordinal) => "true or false",
            var t => "a value of the form the option's help gives (" + t + ")",
        }));

    private static IEnumerable<string> CommandPath(System.CommandLine.Parsing.CommandResult? result)
    {
        var names = new Stack<string>();
        for (var r = result; r is not null; r = r.Parent as System.CommandLine.Parsing.CommandResult)
        {
            names.Push(r.Command is RootCommand ? "pinn" : r.Command.Name);
        }

        return names;
    }

    /// <summary>The one-line message of an expected, user-caused error; null for a bug.</summary>
    public static string? UserError(Exception e) => e switch
    {
        ConfigurationException or ProblemDefinitionException or Pinn.Runs.RunDirectoryException or Pinn.Gpu.GpuUnavailableException or FileNotFoundException or DirectoryNotFoundException or InvalidDataException => e.Message,
        Pinn.Core.Symbolic.ExprParseException p => $"cannot parse expression \"{p.Text}\": {p.Message}",
        OptionsValidationException o => o.Reason,
        ArgumentException a when a.ParamName is null => a.Message,
        ArgumentException a => $"invalid value of {a.ParamName}: it was not caught by pinn's own checks, please report this with the command you ran.",
        IOException io => $"{io.Message} (check the path and free disk space)",
        UnauthorizedAccessException u => $"{u.Message} (check permissions)",
        _ => null,
    };
}
