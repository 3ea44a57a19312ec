namespace Pinn.Cli.Tests.Commands;

/// <summary><c>pinn batch --shard</c>, <c>pinn merge</c> and <c>pinn slurm</c> from the command line.</summary>
public class ClusterCommandTests
{
    private const string Tiny = """
        {
          "problem": { "name": "tiny", "catalog": "sin2", "dimension": 2, "parameters": { "k": 1 } },
          "network": { "width": 8, "depth": 1 },
          "points": { "interior": 128, "boundary": 32, "resampleEvery": 50, "validation": 200 },
          "loss": { "boundaryWeight": 10, "weightDecay": 0 },
          "optimizer": { "kind": "bbi", "timeStep": 1e-2, "t0": 40, "nb": 3, "t1": 100 },
          "training": { "steps": 100, "evaluateEvery": 50, "checkpointEvery": 100, "seed": 5, "threads": 2 },
          "ensemble": { "members": 3 },
          "polish": { "kind": "gauss-newton", "iterations": 3, "interiorPoints": 96, "boundaryPoints": 16, "resampleEvery": 2 },
          "shooting": { "minimum": -5, "maximum": 5 }
        }
        """;

    [Fact]
    public void ShardsRunAndMergeIntoTheWholeRun()
    {
        string dir = CliRunner.TempDirectory();
        try
        {
            string config = Path.Combine(dir, "tiny.json");
            File.WriteAllText(config, Tiny);
            Assert.Equal(0, CliRunner.Run("batch", config, "--out", Path.Combine(dir, "whole")).Exit);
            var s0 = CliRunner.Run("batch", config, "--shard", "0/2", "--out", Path.Combine(dir, "shard-0"));
            Assert.True(s0.Exit == 0, s0.Error);
            Assert.Contains("member  0", s0.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("member  1", s0.Output, StringComparison.Ordinal);

            // Shard 1 is missing: merged with exit code 4 and a line saying which members are left out.
            var partial = CliRunner.Run("merge", Path.Combine(dir, "shard-0"), "--out", Path.Combine(dir, "merged"));
            Assert.Equal(4, partial.Exit);
            Assert.Contains("pinn: shard 1/2 (members 1–2) left out: no directory given for this shard", partial.Output, StringComparison.Ordinal);

            Assert.Equal(0, CliRunner.Run("batch", config, "--shard", "1/2", "--out", Path.Combine(dir, "shard-1")).Exit);
            var merged = CliRunner.Run("merge", Path.Combine(dir, "shard-1"), Path.Combine(dir, "shard-0"), "--out", Path.Combine(dir, "merged"), "--force");
            Assert.True(merged.Exit == 0, merged.Error + merged.Output);
            Assert.Contains("merged 2 of 2 shard(s)", merged.Output, StringComparison.Ordinal);
            foreach (string file in new[] { "summary.json", "metrics.csv", "slices.csv", "bounces.csv", "config.json" })
            {
                Assert.Equal(File.ReadAllText(Path.Combine(dir, "whole", file)), File.ReadAllText(Path.Combine(dir, "merged", file)));
            }

            var bad = CliRunner.Run("batch", config, "--shard", "2/2", "--out", Path.Combine(dir, "bad"));
            Assert.Equal(2, bad.Exit);
            Assert.StartsWith("pinn: error: --shard: Index must be from 0 to 1", bad.Error, StringComparison.Ordinal);
            Assert.Contains("a shard is written I/N", CliRunner.Run("batch", config, "--shard", "1:2").Error, StringComparison.Ordinal);
            Assert.Contains("4 shards need at least 4 members", CliRunner.Run("batch", config, "--shard", "0/4").Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void SlurmWritesAnArrayJobAndADependentMerge()
    {
        string dir = CliRunner.TempDirectory();
        try
        {
            string config = Path.Combine(dir, "tiny.json");
            File.WriteAllText(config, Tiny);
            string job = Path.Combine(dir, "job");
            var (exit, output, error) = CliRunner.Run("slurm", config, "--shards", "3", "--out", job, "--partition", "short", "--time", "00:30:00", "--mem", "4G", "--cpus", "4", "--pinn", "/opt/pinn/pinn");
            Assert.True(exit == 0, error);
            Assert.Contains("submit with: bash", output, StringComparison.Ordinal);
            string array = File.ReadAllText(Path.Combine(job, "slurm", "array.sbatch"));
            foreach (string line in new[] { "#SBATCH --array=0-2", "#SBATCH --cpus-per-task=4", "#SBATCH --partition=short", "#SBATCH --time=00:30:00", "#SBATCH --mem=4G", "#SBATCH --job-name=pinn-tiny" })
            {
                Assert.Contains(line + "\n", array, StringComparison.Ordinal);
            }

            Assert.Contains($"/opt/pinn/pinn batch '{Path.GetFullPath(config)}' --shard \"${{SLURM_ARRAY_TASK_ID}}/3\" --out \"$shard\" --force", array, StringComparison.Ordinal);
            Assert.Contains("/opt/pinn/pinn resume \"$shard\"", array, StringComparison.Ordinal);
            string merge = File.ReadAllText(Path.Combine(job, "slurm", "merge.sbatch"));
            Assert.Contains($"/opt/pinn/pinn merge '{Path.GetFullPath(job)}'/shard-* --out '{Path.GetFullPath(Path.Combine(job, "merged"))}' --force", merge, StringComparison.Ordinal);
            string submit = File.ReadAllText(Path.Combine(job, "slurm", "submit.sh"));
            Assert.Contains("--dependency=afterany:$array", submit, StringComparison.Ordinal);

            // The scripts are valid bash.
            foreach (string script in new[] { "array.sbatch", "merge.sbatch", "submit.sh" })
            {
                using var bash = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("bash", ["-n", Path.Combine(job, "slurm", script)]) { RedirectStandardError = true })!;
                string syntax = bash.StandardError.ReadToEnd();
                bash.WaitForExit();
                Assert.True(bash.ExitCode == 0, $"{script}: {syntax}");
            }

            Assert.Contains("--shards: 4 shards need at least 4 members", CliRunner.Run("slurm", config, "--shards", "4", "--out", job).Error, StringComparison.Ordinal);
            Assert.Contains("--time: Time '1 day' is not a plain sbatch value", CliRunner.Run("slurm", config, "--shards", "2", "--time", "1 day", "--out", job).Error, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
