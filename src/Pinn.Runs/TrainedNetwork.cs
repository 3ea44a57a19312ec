using System.Globalization;
using Pinn.Core.Networks;
using Pinn.Core.Training.Checkpoints;
using Pinn.Problems;
using Pinn.Runs.Configuration;
using Pinn.Runs.Files;

namespace Pinn.Runs;

/// <summary>
/// A trained network taken out of a run, with its problem: a batch member (from the run's checkpoint.bin) or a
/// solution a discovery found (from solutions.json). Evaluates u and ∇²u anywhere, in float64.
/// </summary>
/// <param name="Name">"member M" or the solution's name (found-1, …).</param>
/// <param name="Problem">The problem it was trained on.</param>
/// <param name="Shape">The network's shape.</param>
/// <param name="Parameters">Its θ.</param>
/// <param name="Directory">The run directory it came from.</param>
public sealed record TrainedNetwork(string Name, NonlinearPoisson Problem, ResidualNetworkShape Shape, double[] Parameters, string Directory)
{
    /// <summary>
    /// Loads a batch member or a found solution from a run directory, or from a discovery's solutions.json.
    /// </summary>
    /// <param name="path">A batch or discovery run directory, or a solutions.json.</param>
    /// <param name="member">A batch run's member index (default 0).</param>
    /// <param name="solution">A discovery's solution name (default the first found).</param>
    /// <exception cref="FileNotFoundException">The path is no run, or lacks the file the network is in.</exception>
    /// <exception cref="ArgumentException">No such member or solution, or both asked for.</exception>
    public static TrainedNetwork Load(string path, int? member = null, string? solution = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string directory = File.Exists(path) ? Path.GetDirectoryName(Path.GetFullPath(path))! : path;
        if (!System.IO.Directory.Exists(directory))
        {
            throw new FileNotFoundException($"'{path}' is neither a run directory nor a solutions.json.");
        }

        string solutions = File.Exists(path) ? path : Path.Combine(directory, DiscoveryResult.SolutionsFile);
        if (File.Exists(solutions))
        {
            return member is null
                ? FromDiscovery(solutions, solution)
                : throw new ArgumentException($"'{path}' is a discovery: choose a solution by name (--solution NAME), not a member.");
        }

        return solution is null
            ? FromRun(directory, member ?? 0)
            : throw new ArgumentException($"'{path}' is a batch run: choose a member by index (--member M); solutions are a discovery's.");
    }

    /// <summary>A batch run's member M, from its checkpoint (the final θ once the run has finished).</summary>
    /// <param name="directory">The run directory.</param>
    /// <param name="member">The member's index in the whole run.</param>
    public static TrainedNetwork FromRun(string directory, int member)
    {
        var dir = new RunDirectory(directory);
        if (!File.Exists(dir.Config))
        {
            throw new FileNotFoundException($"'{directory}' is not a run directory: it has no config.json (pinn batch and discover write one).");
        }

        if (!File.Exists(dir.Checkpoint))
        {
            throw new FileNotFoundException(File.Exists(Path.Combine(directory, ShardMerge.MergeFileName))
                ? $"'{directory}' is a merged run: its members' networks are in its shards' directories (checkpoint.bin); evaluate a member there."
                : $"'{directory}' has no checkpoint.bin, which holds its members' networks.");
        }

        var config = RunConfigReader.ReadRunDirectory(dir.Config);
        var checkpoint = CheckpointReader.Read(File.ReadAllBytes(dir.Checkpoint), dir.Checkpoint);
        var (first, count) = config.Options.Shard is { } shard ? shard.MembersOf(config.Options.Ensemble.Members) : (0, config.Options.Ensemble.Members);
        var indices = Enumerable.Range(first, count).ToList();
        int position = indices.IndexOf(member);
        if (position < 0 || position >= checkpoint.Members.Count)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"'{directory}' has no member {member}: its members are {string.Join(", ", indices)}."));
        }

        return new TrainedNetwork(string.Create(CultureInfo.InvariantCulture, $"member {member}"), config.Problem, ShapeOf(config.Problem.Dimension, config.Options.Network), checkpoint.Members[position].Parameters, directory);
    }

    /// <summary>A solution a discovery found, from its solutions.json (the problem from the config.json beside it).</summary>
    /// <param name="solutionsFile">The discovery's solutions.json.</param>
    /// <param name="solution">The solution's name, or null for the first found.</param>
    public static TrainedNetwork FromDiscovery(string solutionsFile, string? solution = null)
    {
        string directory = Path.GetDirectoryName(Path.GetFullPath(solutionsFile))!;
        string configPath = Path.Combine(directory, "config.json");
        if (!File.Exists(configPath))
        {
            throw new FileNotFoundException($"'{directory}' has no config.json beside {DiscoveryResult.SolutionsFile}: the problem its solutions solve is recorded there (pinn discover writes both).");
        }

        var file = RunFile.Read(solutionsFile, RunFilesJsonContext.Default.DiscoveryFile);
        if (file.Solutions.Count == 0)
        {
            throw new ArgumentException($"'{solutionsFile}' holds no solution: the discovery found none.");
        }

        var found = solution is null ? file.Solutions[0] : file.Solutions.FirstOrDefault(s => s.Name == solution)
            ?? throw new ArgumentException($"'{solutionsFile}' has no solution '{solution}': it has {string.Join(", ", file.Solutions.Select(s => s.Name))}.");
        var config = RunConfigReader.ReadRunDirectory(configPath);
        return new TrainedNetwork(found.Name, config.Problem, ShapeOf(file.Dimension, file.Network), found.Parameters, directory);
    }

    /// <summary>u at the points (each of the problem's dimension).</summary>
    /// <param name="points">The points.</param>
    public double[] Values(IReadOnlyList<double[]> points) => NetworkEvaluation.Values(Shape, Parameters, Check(points));

    /// <summary>u and ∇²u at the points.</summary>
    /// <param name="points">The points.</param>
    public (double[] Values, double[] Laplacians) ValuesAndLaplacians(IReadOnlyList<double[]> points) => NetworkEvaluation.WithLaplacians(Shape, Parameters, Check(points));

    private IReadOnlyList<double[]> Check(IReadOnlyList<double[]> points)
    {
        ArgumentNullException.ThrowIfNull(points);
        for (int i = 0; i < points.Count; i++)
        {
            if (points[i].Length != Problem.Dimension)
            {
                throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"point {i} has {points[i].Length} coordinates; the problem has {Problem.Dimension}."), nameof(points));
            }
        }

        return points;
    }

    private static ResidualNetworkShape ShapeOf(int dimension, Core.Training.NetworkOptions network) => new(dimension, network.Width, network.Depth, network.Activation);
}
