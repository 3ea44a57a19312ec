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
        using var scratch = new ScratchDirectory();
        string dir = scratch.Path;
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

    [Fact]
    public void SlurmWritesAnArrayJobAndADependentMerge()
    {
        using var scratch = new ScratchDirectory();
        string dir = scratch.Path;
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

        Assert.Contains($"'/opt/pinn/pinn' batch '{Path.GetFullPath(config)}' --shard \"${{SLURM_ARRAY_TASK_ID}}/3\" --out \"$shard\" --force", array, StringComparison.Ordinal);
        Assert.Contains("'/opt/pinn/pinn' resume \"$shard\"", array, StringComparison.Ordinal);
        string merge = File.ReadAllText(Path.Combine(job, "slurm", "merge.sbatch"));
        Assert.Contains($"'/opt/pinn/pinn' merge '{Path.GetFullPath(job)}'/shard-* --out '{Path.GetFullPath(Path.Combine(job, "merged"))}' --force", merge, StringComparison.Ordinal);
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
        Assert.Contains("--time: Time '1 day' is not a Slurm time limit", CliRunner.Run("slurm", config, "--shards", "2", "--time", "1 day", "--out", job).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void SweepShardsRunAndMergeIntoTheWholeSweep()
    {
        using var scratch = new ScratchDirectory();
        string dir = scratch.Path;
        // Bratu d = 2 at λ = 1.1, 1.5, 1.9, 2.3: two solutions (u(0) within [−1, 4]) up to the fold at λ* = 2, none after it.
        string config = Path.Combine(dir, "bratu.json");
        File.WriteAllText(config, File.ReadAllText(CliRunner.Problem("bratu-2d.json")).Replace("\"shooting\": { \"minimum\": -20, \"maximum\": 20 }", "\"shooting\": { \"minimum\": -1, \"maximum\": 4, \"scanPoints\": 41 }", StringComparison.Ordinal));
        Assert.Contains("scanPoints", File.ReadAllText(config), StringComparison.Ordinal);
        Assert.Equal(0, CliRunner.Run("shoot", config, "--sweep", "lambda=1.1:2.3:4", "--out", Path.Combine(dir, "whole")).Exit);
        var s1 = CliRunner.Run("shoot", config, "--sweep", "lambda=1.1:2.3:4", "--shard", "1/2", "--out", Path.Combine(dir, "shard-1"));
        Assert.True(s1.Exit == 0, s1.Error);
        Assert.Contains("(shard 1/2: values 2–3)", s1.Output, StringComparison.Ordinal);
        Assert.Contains("2 solution points; solution count per value from 0 to 2", s1.Output, StringComparison.Ordinal); // λ = 1.9 and 2.3
        Assert.Contains("solution count changes at lambda = 2.0000: 2 → 0", s1.Output, StringComparison.Ordinal);

        // Shard 0 is missing: merged with exit code 4 and a line saying which values are left out.
        var partial = CliRunner.Run("merge", Path.Combine(dir, "shard-1"), "--out", Path.Combine(dir, "merged"));
        Assert.Equal(4, partial.Exit);
        Assert.Contains("pinn: shard 0/2 (values 0–1) left out: no directory given for this shard", partial.Output, StringComparison.Ordinal);

        Assert.Equal(0, CliRunner.Run("shoot", config, "--sweep", "lambda=1.1:2.3:4", "--shard", "0/2", "--out", Path.Combine(dir, "shard-0")).Exit);
        var merged = CliRunner.Run("merge", Path.Combine(dir, "shard-0"), Path.Combine(dir, "shard-1"), "--out", Path.Combine(dir, "merged"), "--force");
        Assert.True(merged.Exit == 0, merged.Error + merged.Output);
        Assert.Contains("merged 2 of 2 sweep shard(s)", merged.Output, StringComparison.Ordinal);
        Assert.Contains("solution count changes at lambda = 2.0000: 2 → 0", merged.Output, StringComparison.Ordinal);
        foreach (string file in new[] { "sweep.csv", "sweep.json", "config.json" })
        {
            Assert.Equal(File.ReadAllText(Path.Combine(dir, "whole", file)), File.ReadAllText(Path.Combine(dir, "merged", file)));
        }

        Assert.StartsWith("pinn: error: --shard: Index must be from 0 to 1", CliRunner.Run("shoot", config, "--sweep", "lambda=1.1:2.3:4", "--shard", "2/2").Error, StringComparison.Ordinal);
        Assert.StartsWith("pinn: error: --shard: a sweep of 4 values splits into at most 4 shards", CliRunner.Run("shoot", config, "--sweep", "lambda=1.1:2.3:4", "--shard", "0/5").Error, StringComparison.Ordinal);
        Assert.StartsWith("pinn: error: --shard splits the values of a sweep: use it with --sweep", CliRunner.Run("shoot", config, "--shard", "0/2").Error, StringComparison.Ordinal);

        var slurm = CliRunner.Run("slurm", config, "--shards", "2", "--sweep", "lambda=1.1:2.3:4", "--out", Path.Combine(dir, "job"), "--pinn", "pinn");
        Assert.True(slurm.Exit == 0, slurm.Error);
        Assert.Contains("--sweep 'lambda=1.1:2.3:4' --shard", File.ReadAllText(Path.Combine(dir, "job", "slurm", "array.sbatch")), StringComparison.Ordinal);
        Assert.StartsWith("pinn: error: --sweep: 'lambda=1' is not NAME=FROM:TO:COUNT", CliRunner.Run("slurm", config, "--shards", "2", "--sweep", "lambda=1").Error, StringComparison.Ordinal);
    }

    [Fact]
    public void DiscoveryRoundsRunAsShardsAndMergesAndEndAsTheWholeDiscovery()
    {
        using var dir = new ScratchDirectory();
        // The one-dimensional Bratu problem in rounds of 2 members, 4 in all: two rounds.
        string config = dir["bratu.json"];
        File.WriteAllText(config, """
            {
              "problem": { "name": "bratu-1d", "catalog": "bratu", "dimension": 1, "parameters": { "lambda": 0.5 } },
              "network": { "width": 12, "depth": 1, "activation": "tanh" },
              "points": { "interior": 64, "boundary": 2, "resampleEvery": 0, "validation": 200 },
              "loss": { "boundaryWeight": 10, "weightDecay": 0 },
              "optimizer": { "kind": "adam", "learningRate": 1e-2 },
              "training": { "steps": 300, "evaluateEvery": 300, "seed": 3, "precision": "f64", "threads": 1 },
              "ensemble": { "members": 2 },
              "polish": { "kind": "gauss-newton", "iterations": 80, "tolerance": 1e-12, "resampleEvery": 0 },
              "deflation": { },
              "discovery": { "maximumMembers": 4, "patience": 8, "offsetStep": 1 },
              "shooting": { "minimum": -1, "maximum": 10 }
            }
            """);
        Assert.Equal(0, CliRunner.Run("discover", config, "--out", dir["whole"]).Exit);
        string sharded = dir["sharded"];
        var missing = CliRunner.Run("discover", config, "--out", sharded, "--merge-shards", "2");
        Assert.Equal(4, missing.Exit);
        Assert.Contains("round 0 is incomplete: shard(s) 0, 1 of 2 missing", missing.Output, StringComparison.Ordinal);
        for (int round = 0; round < 2; round++)
        {
            foreach (string shard in new[] { "0/2", "1/2" })
            {
                var trained = CliRunner.Run("discover", config, "--out", sharded, "--shard", shard);
                Assert.True(trained.Exit == 0, trained.Error);
                Assert.Contains($"round {round}, shard {shard}: members", trained.Output, StringComparison.Ordinal);
            }

            var merged = CliRunner.Run("discover", config, "--out", sharded, "--merge-shards", "2");
            Assert.True(merged.Exit == 0, merged.Error);
            Assert.Contains(round == 0 ? "round 0 merged: 2 member(s) so far" : "round 1 merged; the discovery has ended", merged.Output, StringComparison.Ordinal);
        }

        foreach (string file in new[] { "solutions.json", "solutions-slices.csv", "config.json" })
        {
            Assert.Equal(File.ReadAllText(dir["whole", file]), File.ReadAllText(Path.Combine(sharded, file)));
        }

        Assert.StartsWith("pinn: error: --out: the shards and merges of a discovery share one directory", CliRunner.Run("discover", config, "--shard", "0/2").Error, StringComparison.Ordinal);
        Assert.StartsWith("pinn: error: --shard: 3 shards need", CliRunner.Run("discover", config, "--out", sharded, "--shard", "0/3").Error, StringComparison.Ordinal);
        Assert.StartsWith("pinn: error: --shard: the last round would train 1 member(s), fewer than the 3 shards", CliRunner.Run("discover", config, "--out", sharded, "--shard", "0/3", "--ensemble", "3").Error, StringComparison.Ordinal);
        Assert.StartsWith("pinn: error: --shard and --merge-shards are two steps", CliRunner.Run("discover", config, "--out", sharded, "--shard", "0/2", "--merge-shards", "2").Error, StringComparison.Ordinal);
        Assert.Contains("holds a discovery of another configuration", CliRunner.Run("discover", config, "--out", sharded, "--shard", "0/2", "--seed", "9").Error, StringComparison.Ordinal);

        var slurm = CliRunner.Run("slurm", config, "--shards", "2", "--discover", "--out", dir["job"], "--pinn", "pinn");
        Assert.True(slurm.Exit == 0, slurm.Error);
        Assert.Contains("--merge-shards 2", File.ReadAllText(dir["job", "slurm", "merge.sbatch"]), StringComparison.Ordinal);
        Assert.Contains("the discovery will be in", slurm.Output, StringComparison.Ordinal);
        Assert.StartsWith("pinn: error: --discover and --sweep are different jobs", CliRunner.Run("slurm", config, "--shards", "2", "--discover", "--sweep", "lambda=1:2:3").Error, StringComparison.Ordinal);
    }
}
