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
        string config = FirstOrderBratu(root, checkpointEvery: 100);
        string full = Path.Combine(root, "full"), killed = Path.Combine(root, "killed");
        try
        {
            var uninterrupted = CliRunner.Run("batch", config, "--steps", "2000", "--ensemble", "2", "--out", full);
            Assert.True(uninterrupted.Exit == 0, uninterrupted.Error);

            using var child = ChildPinn.Start("batch", config, "--steps", "2000", "--ensemble", "2", "--out", killed);
            WaitForCheckpoint(child, killed);

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

    [Fact]
    public void ARunKilledBeforeItsFirstPeriodicCheckpointResumesAndDeletingRunLockLetsNoSecondProcessIn()
    {
        using var scratch = new ScratchDirectory();
        string config = FirstOrderBratu(scratch.Path, checkpointEvery: null); // the default 10 000: past the end of this run
        string full = Path.Combine(scratch.Path, "full"), killed = Path.Combine(scratch.Path, "killed");
        var uninterrupted = CliRunner.Run("batch", config, "--steps", "3000", "--ensemble", "2", "--out", full);
        Assert.True(uninterrupted.Exit == 0, uninterrupted.Error);

        using var child = ChildPinn.Start("batch", config, "--steps", "3000", "--ensemble", "2", "--out", killed);
        WaitForCheckpoint(child, killed); // the one at step 0

        // Deleting run.lock does not open the directory: the lock is on the directory itself.
        File.Delete(Path.Combine(killed, "run.lock"));
        var second = CliRunner.Run("batch", config, "--steps", "3000", "--seed", "99", "--out", killed, "--force");
        Assert.Equal(2, second.Exit);
        Assert.Contains("another pinn process is using the run directory", second.Error, StringComparison.Ordinal);
        Assert.Equal(2, CliRunner.Run("resume", killed).Exit);

        child.Kill(); // SIGKILL before the first periodic checkpoint (step 10 000)
        child.WaitForExit();
        var resumed = CliRunner.Run("resume", killed);
        Assert.True(resumed.Exit == 0, resumed.Error);
        foreach (string file in new[] { "metrics.csv", "bounces.csv", "slices.csv", "summary.json" })
        {
            Assert.True(File.ReadAllBytes(Path.Combine(full, file)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(killed, file))), $"{file} differs after kill and resume");
        }
    }

    /// <summary>bratu-2d.json without its polishing phase, evaluated every 100 steps, written into <paramref name="directory"/>.</summary>
    private static string FirstOrderBratu(string directory, int? checkpointEvery)
    {
        string config = Path.Combine(directory, "bratu-first-order.json");
        var json = JsonNode.Parse(File.ReadAllText(CliRunner.Problem("bratu-2d.json")))!.AsObject();
        json["polish"] = new JsonObject { ["kind"] = "none" };
        json["training"]!["evaluateEvery"] = 100;
        if (checkpointEvery is int every)
        {
            json["training"]!["checkpointEvery"] = every;
        }

        File.WriteAllText(config, json.ToJsonString());
        return config;
    }

    /// <summary>Waits until the child has written checkpoint.bin, and asserts it is still running.</summary>
    private static void WaitForCheckpoint(ChildPinn child, string directory)
    {
        string checkpoint = Path.Combine(directory, "checkpoint.bin");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!File.Exists(checkpoint) && !child.HasExited && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(10);
        }

        Assert.True(File.Exists(checkpoint), $"the child wrote no checkpoint (exited: {child.HasExited})");
        Assert.False(child.HasExited, "the child finished before it could be killed; give it more steps");
    }
}
