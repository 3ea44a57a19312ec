using Pinn.Runs.Configuration;
using Pinn.Runs.Files;

namespace Pinn.Runs;

/// <summary>
/// The solutions a <c>pinn discover</c> run found, as points of a bifurcation diagram: its problem parameter's value
/// (from the run's config.json) against each solution's u(0) (from solutions.json).
/// </summary>
/// <param name="Directory">The discovery run's directory.</param>
/// <param name="Parameter">The swept parameter's name.</param>
/// <param name="Value">The parameter's value in that run.</param>
/// <param name="U0">u(0) of every solution found.</param>
public sealed record DiscoveryOverlay(string Directory, string Parameter, double Value, IReadOnlyList<double> U0)
{
    /// <summary>Reads a discovery run directory.</summary>
    /// <param name="directory">The run directory (holds config.json and solutions.json).</param>
    /// <param name="parameter">The swept parameter (must be a parameter of the run's problem).</param>
    /// <exception cref="RunDirectoryException">The run's problem has no such parameter.</exception>
    /// <exception cref="FileNotFoundException">A file is missing.</exception>
    /// <exception cref="InvalidDataException">solutions.json is damaged.</exception>
    public static DiscoveryOverlay Read(string directory, string parameter)
    {
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(parameter);
        string solutions = Path.Combine(directory, "solutions.json");
        if (!File.Exists(solutions))
        {
            throw new FileNotFoundException($"'{directory}' is not a discovery run: it has no solutions.json (pinn discover writes one).", solutions);
        }

        var config = RunConfigReader.ReadRunDirectory(Path.Combine(directory, "config.json"));
        if (!config.Problem.Parameters.TryGetValue(parameter, out double value))
        {
            throw new RunDirectoryException($"the discovery run '{directory}' has no problem parameter '{parameter}' (it has: {(config.Problem.Parameters.Count == 0 ? "none" : string.Join(", ", config.Problem.Parameters.Keys))}), so it cannot be placed on a diagram against {parameter}.");
        }

        var file = RunFile.Read(solutions, RunFilesJsonContext.Default.DiscoveryFile);
        return new DiscoveryOverlay(directory, parameter, value, file.Solutions.Select(s => s.U0).ToList());
    }
}
