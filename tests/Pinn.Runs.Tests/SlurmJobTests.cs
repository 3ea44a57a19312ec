using Pinn.Core.Configuration;
using Pinn.Problems;
using Pinn.Runs.Configuration;
using Pinn.Shooting;

namespace Pinn.Runs.Tests;

/// <summary>The Slurm scripts as a library call: settings checked, paths quoted for bash, the array sized by the shards.</summary>
public class SlurmJobTests
{
    private static RunConfig Config() => new("it's a test", ProblemCatalog.Sin2(2, 1), BatchSolverTests.Options(members: 3), new ShootingOptions(-5, 5), null);

    [Fact]
    public void ScriptsQuoteOddPathsAndSizeTheArray()
    {
        string dir = Path.Combine(TestPaths.TempDirectory(), "job with 'quotes'");
        try
        {
            var job = SlurmJob.Write(Config(), "cfg.json", new SlurmOptions(3, Account: "phys-01"), dir, "pinn");
            Assert.Equal(Path.GetFullPath(dir), job.Directory);
            string array = File.ReadAllText(job.ArrayScript);
            Assert.Contains("#SBATCH --array=0-2\n", array, StringComparison.Ordinal);
            Assert.Contains("#SBATCH --account=phys-01\n", array, StringComparison.Ordinal);
            Assert.Contains("#SBATCH --job-name=pinn-it_s_a_test\n", array, StringComparison.Ordinal);
            Assert.DoesNotContain("--partition", array, StringComparison.Ordinal);
            Assert.Contains("shard='" + Path.GetFullPath(dir).Replace("'", "'\\''", StringComparison.Ordinal) + "'/shard-\"${SLURM_ARRAY_TASK_ID}\"", array, StringComparison.Ordinal);
            Assert.Equal("'a b'\\''c'", SlurmJob.Quote("a b'c"));
            if (!OperatingSystem.IsWindows())
            {
                Assert.True(File.GetUnixFileMode(job.SubmitScript).HasFlag(UnixFileMode.UserExecute));
            }
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(dir)!, true);
        }
    }

    [Fact]
    public void SettingsAreChecked()
    {
        Assert.Equal("Shards", Assert.Throws<OptionsValidationException>(() => new SlurmOptions(0).Validate()).Property);
        Assert.Equal("CpusPerTask", Assert.Throws<OptionsValidationException>(() => new SlurmOptions(2, CpusPerTask: 0).Validate()).Property);
        Assert.Equal("Partition", Assert.Throws<OptionsValidationException>(() => new SlurmOptions(2, Partition: "a;rm -rf /").Validate()).Property);
        string dir = Path.Combine(Path.GetTempPath(), $"pinn-test-{Guid.NewGuid():N}");
        var e = Assert.Throws<OptionsValidationException>(() => SlurmJob.Write(Config(), "cfg.json", new SlurmOptions(4), dir, "pinn"));
        Assert.Equal("Shard", e.Property);
        Assert.False(Directory.Exists(dir), "nothing is written when a setting is refused");
    }

    [Theory]
    [InlineData("02:00:00", true)]
    [InlineData("90", true)]
    [InlineData("30:00", true)]
    [InlineData("1-12", true)]
    [InlineData("2-00:30:00", true)]
    [InlineData("UNLIMITED", true)]
    [InlineData("banana", false)]
    [InlineData("-5", false)]
    [InlineData("1:2:3:4", false)]
    [InlineData("1-", false)]
    public void TimeLimitsAreSlurms(string time, bool valid)
    {
        var check = () => new SlurmOptions(2, Time: time).Validate();
        if (valid)
        {
            check();
        }
        else
        {
            var e = Assert.Throws<OptionsValidationException>(check);
            Assert.Equal("Time", e.Property);
            Assert.StartsWith($"Time '{time}' is not a Slurm time limit", e.Reason, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("8G", true)]
    [InlineData("16000", true)]
    [InlineData("512M", true)]
    [InlineData("-5G", false)]
    [InlineData("8 G", false)]
    [InlineData("lots", false)]
    [InlineData("1.5G", false)]
    public void MemorySizesAreSlurms(string memory, bool valid)
    {
        var check = () => new SlurmOptions(2, Memory: memory).Validate();
        if (valid)
        {
            check();
        }
        else
        {
            Assert.Equal("Memory", Assert.Throws<OptionsValidationException>(check).Property);
        }
    }

    [Fact]
    public void ThePinnExecutableIsQuotedSoAPathWithSpacesWorks()
    {
        Assert.Equal("'/opt/my pinn/pinn'", SlurmJob.PinnCommand("/opt/my pinn/pinn"));
        Assert.Equal("dotnet '/opt/my pinn/pinn.dll'", SlurmJob.PinnCommand("/opt/my pinn/pinn.dll"));
        Assert.Equal("dotnet '/opt/pinn/pinn.dll'", SlurmJob.PinnCommand("dotnet /opt/pinn/pinn.dll"));
        Assert.Equal("'/shared/pinn/pinn'", SlurmJob.PinnCommand("/shared/pinn/pinn"));
        Assert.Equal("\"/opt/x y/pinn\" --verbose", SlurmJob.PinnCommand("\"/opt/x y/pinn\" --verbose")); // quoted by the user: as written
        string dir = Path.Combine(TestPaths.TempDirectory(), "job");
        try
        {
            var job = SlurmJob.Write(Config(), "cfg.json", new SlurmOptions(3), dir, SlurmJob.PinnCommand("/opt/my pinn/pinn"));
            string array = File.ReadAllText(job.ArrayScript);
            Assert.Contains("  '/opt/my pinn/pinn' resume \"$shard\"\n", array, StringComparison.Ordinal);
            Assert.Contains("  '/opt/my pinn/pinn' batch ", array, StringComparison.Ordinal);
            Assert.Contains("'/opt/my pinn/pinn' merge ", File.ReadAllText(job.MergeScript), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(dir)!, true);
        }
    }

    [Fact]
    public void ASweepIsSplitIntoTheArrayInsteadOfTheEnsemble()
    {
        using var scratch = new ScratchDirectory();
        string dir = scratch.Path;
        var bratu = Config() with { Problem = ProblemCatalog.Bratu(2, 1) };
        var job = SlurmJob.Write(bratu, "cfg.json", new SlurmOptions(8), dir, "pinn", SweepRange.Parse("lambda=0.1:3.5:69"));
        string array = File.ReadAllText(job.ArrayScript);
        Assert.Contains("#SBATCH --array=0-7\n", array, StringComparison.Ordinal);
        Assert.Contains($"pinn shoot '{Path.GetFullPath("cfg.json")}' --sweep 'lambda=0.1:3.5:69' --shard \"${{SLURM_ARRAY_TASK_ID}}/8\" --out \"$shard\"", array, StringComparison.Ordinal);
        Assert.Contains("if grep -q '\"complete\": true' \"$shard/sweep.json\"", array, StringComparison.Ordinal);
        Assert.DoesNotContain(" batch ", array, StringComparison.Ordinal);
        Assert.Contains("pinn merge '", File.ReadAllText(job.MergeScript), StringComparison.Ordinal);

        // More shards than values, or a parameter the problem lacks, are refused before anything is written.
        string other = Path.Combine(dir, "other");
        Assert.Equal("Count", Assert.Throws<OptionsValidationException>(() => SlurmJob.Write(bratu, "cfg.json", new SlurmOptions(4), other, "pinn", SweepRange.Parse("lambda=1:2:3"))).Property);
        Assert.Throws<ProblemDefinitionException>(() => SlurmJob.Write(bratu, "cfg.json", new SlurmOptions(2), other, "pinn", SweepRange.Parse("mu=1:2:3")));
        Assert.False(Directory.Exists(other));
    }

    [Fact]
    public void ADiscoveryChainsOneArrayAndOneMergePerRound()
    {
        using var dir = new ScratchDirectory();
        var config = Config() with { Discovery = new DiscoveryOptions(MaximumMembers: 9, Patience: 4) }; // rounds of 3: 3 rounds
        var job = SlurmJob.Write(config, "cfg.json", new SlurmOptions(3), dir.Path, "pinn", discover: true);
        string discovery = Path.Combine(Path.GetFullPath(dir.Path), "discovery");
        Assert.Equal(discovery, job.MergedDirectory);
        string array = File.ReadAllText(job.ArrayScript);
        Assert.Contains("#SBATCH --array=0-2\n", array, StringComparison.Ordinal);
        Assert.Contains($"pinn discover '{Path.GetFullPath("cfg.json")}' --out '{discovery}' --shard \"${{SLURM_ARRAY_TASK_ID}}/3\"", array, StringComparison.Ordinal);
        Assert.Contains("shard-%A-%a.log", array, StringComparison.Ordinal); // every round keeps its logs
        Assert.Contains($"pinn discover '{Path.GetFullPath("cfg.json")}' --out '{discovery}' --merge-shards 3\n", File.ReadAllText(job.MergeScript), StringComparison.Ordinal);
        string submit = File.ReadAllText(job.SubmitScript);
        Assert.Contains("for round in $(seq 0 2); do", submit, StringComparison.Ordinal);
        Assert.Contains("--dependency=afterok:$previous --kill-on-invalid-dep=yes", submit, StringComparison.Ordinal);
        Assert.Contains("--dependency=afterany:$array", submit, StringComparison.Ordinal);

        // A round that cannot give every shard a member is refused before anything is written.
        string other = dir["other"];
        var e = Assert.Throws<OptionsValidationException>(() => SlurmJob.Write(config with { Discovery = new DiscoveryOptions(MaximumMembers: 7) }, "cfg.json", new SlurmOptions(3), other, "pinn", discover: true));
        Assert.Contains("multiple of ensemble.members (3)", e.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(other));
    }
}
