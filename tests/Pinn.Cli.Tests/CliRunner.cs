namespace Pinn.Cli.Tests;

/// <summary>Runs the pinn command in-process and captures its output.</summary>
internal static class CliRunner
{
    public static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = PinnCommand.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    public static string Root => TestPaths.Root;

    public static string Problem(string name) => TestPaths.Problem(name);

    public static string TempDirectory() => TestPaths.TempDirectory();
}
