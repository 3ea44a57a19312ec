using Pinn.Cli.Running;
using Pinn.Shooting;

namespace Pinn.Cli.Tests.Commands;

/// <summary>
/// Input the CLI must refuse in one line that names the option and the fix (exit code 2), or report as a failure
/// (exit code 3) — never a stack trace, a library's wording, or exit 0 with a NaN.
/// </summary>
public class InputRefusalTests
{
    private static void Refused(string expected, params string[] args)
    {
        var (exit, output, error) = CliRunner.Run(args);
        Assert.True(exit == 2, $"exit {exit}: {output}{error}");
        Assert.Equal($"pinn: error: {expected}", error.TrimEnd('\n'));
        Assert.Equal(string.Empty, output);
    }

    [Fact]
    public void ASyntheticTraceWithNoDimensionOrAnOverflowingStartIsRefusedAndADivergingOneFails()
    {
        Refused("--dim must be from 1 to 1000000, not 0.", "synthetic", "trace", "--function", "zakharov", "--dim", "0");
        Refused("--start: F = Infinity at the start (it overflows there); choose a start where zakharov is finite.", "synthetic", "trace", "--function", "zakharov", "--start=1e308,1e308");
        var diverged = CliRunner.Run("synthetic", "trace", "--function", "zakharov", "--optimizer", "gdm", "--lr", "10", "--steps", "200");
        Assert.Equal(3, diverged.Exit);
        Assert.Contains("pinn: the trajectory diverged: F = ", diverged.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("best F NaN", diverged.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void ASeedBelowZeroIsRefusedWithTheRuleJsonUses()
    {
        Refused("--seed: Seed must be a whole number from 0 to 9007199254740991, got -5.", "batch", CliRunner.Problem("bratu-2d.json"), "--seed", "-5");
        Refused("--seed: Seed must be a whole number from 0 to 9007199254740991, got 9007199254740992.", "batch", CliRunner.Problem("bratu-2d.json"), "--seed", "9007199254740992");
    }

    [Fact]
    public void OutPathsAndRangesAreRefusedNamingTheOptionAndTheFix()
    {
        using var scratch = new ScratchDirectory();
        string file = Path.Combine(scratch.Path, "file");
        File.WriteAllText(file, "x");
        string bratu = CliRunner.Problem("bratu-2d.json");
        Refused("the run directory is an empty path: give a directory (--out DIR).", "batch", bratu, "--out", "");
        Refused($"'{file}' is a file, not a directory: give a directory for the run's files (--out DIR).", "batch", bratu, "--out", file);
        Refused($"'{Path.Combine(file, "sub")}' cannot be created: '{file}' is a file, not a directory (--out DIR).", "discover", bratu, "--out", Path.Combine(file, "sub"));
        Refused($"'{file}' is a file, not a run directory: give the directory a run wrote (e.g. runs/<name>-<timestamp>).", "plot", file);
        Refused($"'{file}' is a file, not a run directory: give the directory a run wrote (e.g. runs/<name>-<timestamp>).", "resume", file);
        Refused("--min/--max: the range [5, -5] of u(0) is empty or not finite: give --min below --max (e.g. --min -5 --max 5).", "shoot", bratu, "--min", "5", "--max", "-5", "--out", Path.Combine(scratch.Path, "s"));
        Refused("--max-members must be a whole number ≥ 1 (the most members the discovery trains), not 0.", "discover", bratu, "--max-members", "0", "--out", Path.Combine(scratch.Path, "d"));
        Refused("--patience must be a whole number ≥ 1 (members in a row that find nothing new before the discovery stops), not -2.", "discover", bratu, "--patience", "-2", "--out", Path.Combine(scratch.Path, "d"));
        Refused("--steps must be from 0 (automatic) to 1000000 timed steps, not -1.", "bench", "--steps", "-1");
        Refused($"'{file}' is a file, not a directory: give a directory for the run's files (--out DIR).", "synthetic", "zakharov", "--steps", "10", "--out", file);
        Refused("--time: Time 'banana' is not a Slurm time limit: use minutes, MM:SS, HH:MM:SS, D-HH, D-HH:MM or D-HH:MM:SS (e.g. 02:00:00 or 1-12), or UNLIMITED.", "slurm", bratu, "--shards", "2", "--time", "banana", "--out", Path.Combine(scratch.Path, "j"));
        Refused("--mem: Memory '-5G' is not a Slurm memory size: a whole number with an optional unit K, M, G or T (e.g. 8G or 16000M).", "slurm", bratu, "--shards", "2", "--mem", "-5G", "--out", Path.Combine(scratch.Path, "j"));
        Assert.False(Directory.Exists(Path.Combine(scratch.Path, "d")));
        Assert.False(Directory.Exists(Path.Combine(scratch.Path, "s")));
    }

    [Fact]
    public void AConfigThatIsADeviceOrTooLargeForTheMachineIsRefusedBeforeAnythingIsWritten()
    {
        using var scratch = new ScratchDirectory();
        Refused("'/dev/zero' is not a regular file (it reads on without end, like a device or pipe): give a configuration file.", "batch", "/dev/zero");
        string config = Path.Combine(scratch.Path, "huge.json");
        File.WriteAllText(config, """
            { "problem": { "catalog": "bratu", "dimension": 2 }, "network": { "width": 4096, "depth": 64 },
              "points": { "interior": 10000000 }, "training": { "steps": 10 } }
            """);
        var (exit, output, error) = CliRunner.Run("batch", config, "--out", Path.Combine(scratch.Path, "run"));
        Assert.Equal(2, exit);
        Assert.StartsWith("pinn: error: this run needs at least ", error, StringComparison.Ordinal);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.False(Directory.Exists(Path.Combine(scratch.Path, "run")), output);
    }

    [Fact]
    public void AShootingScanSaysWhatItIsDoingOnceItTakesLongerThanTheInterval()
    {
        var lines = new StringWriter();
        var progress = new ShootingProgress(lines, quiet: false, interval: TimeSpan.Zero);
        progress.Report(new ShootingStage("scanning u(0)", 1, 401));
        progress.Report(new ShootingStage("scanning u(0)", 2, 401));
        progress.Report(new ShootingStage("bisecting roots", 1, 3));
        Assert.Equal(["shoot: scanning u(0): 1/401 (0%), 0 s", "shoot: scanning u(0): 2/401 (0%), 0 s", "shoot: bisecting roots: 1/3 (33%), 0 s"], lines.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var quiet = new StringWriter();
        new ShootingProgress(quiet, quiet: true, interval: TimeSpan.Zero).Report(new ShootingStage("scanning u(0)", 1, 2));
        new ShootingProgress(quiet, quiet: false).Report(new ShootingStage("scanning u(0)", 1, 2)); // within the first 2 s: nothing
        Assert.Equal(string.Empty, quiet.ToString());
    }
}
