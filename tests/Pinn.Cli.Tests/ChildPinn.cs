using System.Diagnostics;

namespace Pinn.Cli.Tests;

/// <summary>The built <c>pinn</c> executable as a child process (its output discarded).</summary>
internal sealed class ChildPinn : IDisposable
{
    private readonly Process process;

    private ChildPinn(Process process) => this.process = process;

    public bool HasExited => process.HasExited;

    public static ChildPinn Start(params string[] args)
    {
        string pinn = Path.Combine(AppContext.BaseDirectory, "pinn.dll");
        Assert.True(File.Exists(pinn), $"{pinn} is missing: the test project references Pinn.Cli, whose build puts it there");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(pinn);
        foreach (string a in args)
        {
            start.ArgumentList.Add(a);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildPinn(process);
    }

    public void Kill() => process.Kill(entireProcessTree: true);

    public void WaitForExit() => process.WaitForExit();

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }
}
