using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Pinn.Cli.Tests.Commands;

/// <summary>
/// <c>pinn resume</c> and the run-directory lock against a real second process: the <c>pinn</c> executable is started
/// as a child, killed with SIGKILL in the middle of its run, and resumed.
/// </summary>
public class ResumeCommandTests
{
    [Fact]
    public void ARunKilledWithSigkillIsLockedWhileAliveAndResumesToTheUninterruptedFiles()
    {
        string root = CliRunner.TempDirectory();
        string config = Path.Combine(root, "bratu-first-order.json");
        var json = JsonNode.Parse(File.ReadAllText(CliRunner.Problem("bratu-2d.json")))!.AsObject();
        json.Remove("polish");
        json["training"]!["checkpointEvery"] = 100;
        json["training"]!["evaluateEvery"] = 100;
        File.WriteAllText(config, json.ToJsonString());
        string full = Path.Combine(root, "full"), killed = Path.Combine(root, "killed");
        try
        {
            var uninterrupted = CliRunner.Run("batch", config, "--steps", "2000", "--ensemble", "2", "--out", full);
            Assert.True(uninterrupted.Exit == 0, uninterrupted.Error);

            using var child = ChildPinn.Start("batch", config, "--steps", "2000", "--ensemble", "2", "--out", killed);
            string checkpoint = Path.Combine(killed, "checkpoint.bin");
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (!File.Exists(checkpoint) && !child.HasExited && DateTime.UtcNow < deadline)
            {
                Thread.Sleep(20);
            }

            Assert.True(File.Exists(checkpoint), $"the child wrote no checkpoint (exited: {child.HasExited})");
            Assert.False(child.HasExited, "the child finished before it could be killed; give it more steps");

            // While the child lives, a second run and a resume in this process are refused and touch nothing.
            string configBefore = File.ReadAllText(Path.Combine(killed, "config.json"));
            var second = CliRunner.Run("batch", config, "--steps", "2000", "--seed", "99", "--out", killed, "--force");
            Assert.Equal(2, second.Exit);
            Assert.Contains("another pinn process is using the run directory", second.Error, StringComparison.Ordinal);
            Assert.Equal(2, CliRunner.Run("resume", killed).Exit);
            Assert.Equal(configBefore, File.ReadAllText(Path.Combine(killed, "config.json")));

            Thread.Sleep(300); // past the first checkpoint, into the middle of writing the next
            Assert.False(child.HasExited, "the child finished before it could be killed; give it more steps");
            child.Kill(); // SIGKILL: no handler runs; the kernel releases the lock
            child.WaitForExit();

            var resumed = CliRunner.Run("resume", killed);
            Assert.True(resumed.Exit == 0, resumed.Error);
            foreach (string file in new[] { "metrics.csv", "bounces.csv", "slices.csv" })
            {
                Assert.True(File.ReadAllBytes(Path.Combine(full, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(killed, file))), $"{file} differs after kill and resume");
            }
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }

    /// <summary>The built <c>pinn</c> executable as a child process (its output discarded).</summary>
    private sealed class ChildPinn : IDisposable
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
}
