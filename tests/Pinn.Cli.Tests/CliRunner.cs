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

    /// <summary>The repository root (the folder holding Pinn.sln).</summary>
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Pinn.sln")))
            {
                dir = dir.Parent;
            }

            return dir?.FullName ?? throw new InvalidOperationException("Pinn.sln not found above the test binaries.");
        }
    }

    public static string Problem(string name) => Path.Combine(Root, "problems", name);

    public static string TempDirectory()
    {
        string path = Path.Combine(Path.GetTempPath(), $"pinn-cli-{Guid.NewGuid():N}");
        Directory.CreateDirectory(path);
        return path;
    }
}
