using System.Globalization;
using Pinn.Core.Configuration;
using Pinn.Core.Training;
using Pinn.Runs.Configuration;
using Pinn.Runs.Files;

namespace Pinn.Runs;

/// <summary>
/// A discovery (<see cref="SolutionDiscovery"/>) spread over machines round by round, in one shared directory: each
/// round's members are trained in N shards (<see cref="RunShard"/>, e.g. a Slurm job array; each member exactly as in the
/// whole round), then one merge (<see cref="MergeRound"/>) classifies them in member order, as one machine would, and
/// writes <see cref="DiscoveryState"/> for the next round — whose members are deflated against every solution found so
/// far. When the discovery ends, the merge writes the same solutions.json, slices and plot as <c>pinn discover</c> on
/// one machine, byte for byte. Every step can be repeated (a requeued task): a trained shard, a merged round and an
/// ended discovery are recognised and left alone.
/// </summary>
public static class DiscoveryShards
{
    /// <summary>The file shard <paramref name="shard"/> writes for round <paramref name="round"/>.</summary>
    /// <param name="directory">The discovery's directory.</param>
    /// <param name="round">The round.</param>
    /// <param name="shard">The shard index.</param>
    public static string ShardPath(string directory, int round, int shard) =>
        Path.Combine(directory, "rounds", string.Create(CultureInfo.InvariantCulture, $"round-{round}"), string.Create(CultureInfo.InvariantCulture, $"shard-{shard}.json"));

    /// <summary>The state in a discovery's directory, or <see cref="DiscoveryState.Start"/> when it has none yet.</summary>
    /// <param name="directory">The discovery's directory.</param>
    public static DiscoveryState LoadState(string directory)
    {
        string path = Path.Combine(directory, DiscoveryState.FileName);
        return File.Exists(path) ? RunFile.Read(path, RunFilesJsonContext.Default.DiscoveryState) : DiscoveryState.Start;
    }

    /// <summary>The most rounds a discovery can take: ⌈maximumMembers / ensemble.members⌉ (a Slurm chain submits that many).</summary>
    /// <param name="config">The discovery's configuration.</param>
    public static int MaximumRounds(RunConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var settings = (config.Discovery ?? new DiscoveryOptions()).Validate();
        int k = config.Options.Ensemble.Members;
        return (settings.MaximumMembers + k - 1) / k;
    }

    /// <summary>
    /// Checks that every round can be split into <paramref name="shards"/> shards of at least one member: the ensemble, and
    /// the last round's remainder of discovery.maximumMembers, each hold at least that many members.
    /// </summary>
    /// <param name="config">The discovery's configuration.</param>
    /// <param name="shards">N.</param>
    /// <exception cref="OptionsValidationException">They do not (the message says what to change).</exception>
    public static void CheckShards(RunConfig config, int shards)
    {
        ArgumentNullException.ThrowIfNull(config);
        var settings = (config.Discovery ?? new DiscoveryOptions()).Validate();
        int k = config.Options.Ensemble.Members, last = settings.MaximumMembers % k;
        if (shards is < 1 or > 4096)
        {
            throw new OptionsValidationException("Shards", "the number of shards must be from 1 to 4096.");
        }

        if (k < shards)
        {
            throw new OptionsValidationException("Shards", string.Create(CultureInfo.InvariantCulture, $"{shards} shards need rounds of at least {shards} members: set ensemble.members (now {k}) to {shards} or more."));
        }

        if (last != 0 && last < shards)
        {
            throw new OptionsValidationException("Shards", string.Create(CultureInfo.InvariantCulture, $"the last round would train {last} member(s), fewer than the {shards} shards: set discovery.maximumMembers (now {settings.MaximumMembers}) to a multiple of ensemble.members ({k})."));
        }
    }

    /// <summary>
    /// Creates the discovery's directory and writes its config.json (the configuration without a shard; every task writes
    /// the same text), or refuses a directory that holds a discovery of another configuration.
    /// </summary>
    /// <param name="config">The discovery's configuration.</param>
    /// <param name="directory">The shared directory.</param>
    /// <exception cref="RunDirectoryException">The directory's config.json is another configuration's.</exception>
    public static void Prepare(RunConfig config, string directory)
    {
        ArgumentNullException.ThrowIfNull(config);
        RunDirectory.CheckWritablePath(directory);
        var foreign = new RunDirectory(directory).ExistingRunFiles().Except(["config.json", DiscoveryState.FileName, DiscoveryResult.SolutionsFile], StringComparer.Ordinal).ToList();
        if (foreign.Count > 0)
        {
            throw new RunDirectoryException($"'{directory}' holds the files of another kind of run ({string.Join(", ", foreign)}): a sharded discovery needs a directory of its own; use another --out.");
        }

        string text = SweepRun.ConfigText(config);
        string path = Path.Combine(directory, "config.json");
        if (File.Exists(path) && File.ReadAllText(path) is var existing && existing != text)
        {
            throw new RunDirectoryException($"'{directory}' holds a discovery of another configuration ({JsonDifference.First(existing, text)}): use another --out, or the configuration it was started with.");
        }

        Directory.CreateDirectory(directory);
        Pinn.Core.IO.AtomicFile.WriteText(path, text);
    }

    /// <summary>The discovery settings (the section's, or the defaults) and the run options of every round (deflation on, no shard).</summary>
    private static (DiscoveryOptions Settings, RunOptions Options) Settings(RunConfig config) =>
        ((config.Discovery ?? new DiscoveryOptions()).Validate(), SolutionDiscovery.WithDeflation(config.Options with { Shard = null }));

    /// <summary>Trains shard <paramref name="shard"/> of the directory's current round and writes its members (atomically).</summary>
    /// <param name="config">The discovery's configuration (its discovery section, or the defaults).</param>
    /// <param name="directory">The discovery's directory, shared by every shard and the merge.</param>
    /// <param name="shard">I/N.</param>
    /// <param name="observer">Training progress; may be null.</param>
    /// <param name="cancellation">Stops training; nothing is written then.</param>
    public static DiscoveryRoundOutcome RunShard(RunConfig config, string directory, ShardOptions shard, ITrainingObserver? observer = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(shard);
        shard.Validate();
        CheckShards(config, shard.Count);
        var (settings, options) = Settings(config);
        var state = LoadState(directory);
        if (state.StopReason is { } stop)
        {
            return new DiscoveryRoundOutcome(DiscoveryRoundStatus.AlreadyFinished, state.Round, $"the discovery has ended ({stop}): nothing to train");
        }

        string path = ShardPath(directory, state.Round, shard.Index);
        if (File.Exists(path))
        {
            return new DiscoveryRoundOutcome(DiscoveryRoundStatus.AlreadyTrained, state.Round, $"round {state.Round}, shard {shard} is already trained ({path})");
        }

        if (settings.OffsetStep is null)
        {
            // The step the merges chose (saved with the state from the first merge on); before that, the same step the
            // merge's catalog will choose (the catalog is a function of the problem and the shooting options).
            settings = state.OffsetStep is { } saved
                ? settings with { OffsetStep = saved }
                : settings.WithOffsetStepFrom(BatchSolver.CatalogFor(config.Problem, config.Shooting.Validate()).Catalog).Settings;
        }

        var round = SolutionDiscovery.RoundOptions(options, settings, state.Round, state.Members, state.Found.Count) with { Shard = shard };
        var members = SolutionDiscovery.TrainRound(config.Problem, round.Validate(), settings, state.Found, observer, cancellation);
        if (members is null)
        {
            return new DiscoveryRoundOutcome(DiscoveryRoundStatus.Cancelled, state.Round, $"round {state.Round}, shard {shard} was cancelled: nothing written");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        RunFile.Write(path, new DiscoveryShardFile(SweepRun.ConfigText(config), state.Round, shard.Index, shard.Count, members), RunFilesJsonContext.Default.DiscoveryShardFile);
        var (first, count) = shard.MembersOf(round.Ensemble.Members);
        return new DiscoveryRoundOutcome(DiscoveryRoundStatus.Trained, state.Round, string.Create(CultureInfo.InvariantCulture, $"round {state.Round}, shard {shard}: members {first}–{first + count - 1} of {round.Ensemble.Members} trained, written to {path}"));
    }

    /// <summary>
    /// Classifies the current round from its <paramref name="shards"/> shard files, in member order, and writes the state for
    /// the next round (atomically); when the discovery ends, also solutions.json, solutions-slices.csv and the plot.
    /// </summary>
    /// <param name="config">The same configuration the shards ran.</param>
    /// <param name="directory">The discovery's directory.</param>
    /// <param name="shards">N.</param>
    /// <param name="note">Receives the catalog line and one line per member; may be null.</param>
    /// <exception cref="RunDirectoryException">A shard file belongs to another configuration, round or shard count.</exception>
    public static DiscoveryRoundOutcome MergeRound(RunConfig config, string directory, int shards, Action<string>? note = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        CheckShards(config, shards);
        var (settings, options) = Settings(config);
        var saved = LoadState(directory);
        if (saved.StopReason is { } stop)
        {
            return new DiscoveryRoundOutcome(DiscoveryRoundStatus.AlreadyFinished, saved.Round, $"the discovery has ended ({stop}): nothing to merge");
        }

        var missing = Enumerable.Range(0, shards).Where(i => !File.Exists(ShardPath(directory, saved.Round, i))).ToList();
        if (missing.Count > 0)
        {
            return new DiscoveryRoundOutcome(DiscoveryRoundStatus.Incomplete, saved.Round, $"round {saved.Round} is incomplete: shard(s) {string.Join(", ", missing)} of {shards} missing in {Path.Combine(directory, "rounds")} (failed or not run yet); run them, then merge again");
        }

        string configText = SweepRun.ConfigText(config);
        var members = new List<DiscoveryRoundMember>();
        for (int i = 0; i < shards; i++)
        {
            string path = ShardPath(directory, saved.Round, i);
            var file = RunFile.Read(path, RunFilesJsonContext.Default.DiscoveryShardFile);
            if (file.Config != configText)
            {
                throw new RunDirectoryException($"'{path}' was trained with another configuration ({JsonDifference.First(file.Config, configText)}): merge shards of one configuration, or start the discovery in a new directory.");
            }

            if (file.Round != saved.Round || file.Shard != i || file.Shards != shards)
            {
                throw new RunDirectoryException(string.Create(CultureInfo.InvariantCulture, $"'{path}' holds round {file.Round}, shard {file.Shard}/{file.Shards}, not round {saved.Round}, shard {i}/{shards}: merge with the shard count the round ran with."));
            }

            members.AddRange(file.Members);
        }

        var state = SolutionDiscovery.Begin(config.Problem, options, settings, config.Shooting.Validate(), saved, note);
        state.Record(members);
        DiscoveryResult? result = null;
        if (state.StopReason is { } reason)
        {
            state.SeekMissed(options, reason);
            result = state.Result(reason, options);
            result.Save(directory);
        }

        RunFile.Write(Path.Combine(directory, DiscoveryState.FileName), state.Saved, RunFilesJsonContext.Default.DiscoveryState);
        return result is null
            ? new DiscoveryRoundOutcome(DiscoveryRoundStatus.Merged, saved.Round, string.Create(CultureInfo.InvariantCulture, $"round {saved.Round} merged: {state.Members} member(s) so far, {state.Found.Count} solution(s); next: round {state.Round}"))
            : new DiscoveryRoundOutcome(DiscoveryRoundStatus.Finished, saved.Round, $"round {saved.Round} merged; the discovery has ended: {result.StopReason}", result);
    }
}
