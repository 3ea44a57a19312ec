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
        root.Subcommands.Add(BenchCommand.Create(output));
        try
        {
            return root.Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (UserError(e) is string message)
        {
            error.WriteLine($"pinn: error: {message}");
            return 2;
        }
    }

    /// <summary>The one-line message of an expected, user-caused error; null for a bug.</summary>
    public static string? UserError(Exception e) => e switch
    {
        ConfigurationException or ProblemDefinitionException or FileNotFoundException or DirectoryNotFoundException => e.Message,
        ArgumentOutOfRangeException a => $"{a.Message.Split(Environment.NewLine)[0].Split(" (Parameter")[0]}",
        ArgumentException a => a.Message.Split(" (Parameter")[0],
        IOException io => $"{io.Message} (check the path and free disk space)",
        UnauthorizedAccessException u => $"{u.Message} (check permissions)",
        _ => null,
    };
}
