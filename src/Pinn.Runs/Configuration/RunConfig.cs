using Pinn.Core.Training;
using Pinn.Problems;
using Pinn.Shooting;

namespace Pinn.Runs.Configuration;

/// <summary>A resolved run configuration: the problem, the run options, the shooting scan and the output directory.</summary>
/// <param name="Name">The configuration's name (file name without extension).</param>
/// <param name="Problem">The problem.</param>
/// <param name="Options">The run options.</param>
/// <param name="Shooting">Scan settings for the solution catalog.</param>
/// <param name="OutputDirectory">Run directory from the config, or null for the default.</param>
/// <param name="Discovery">Settings of <c>pinn discover</c> (its section <c>discovery</c>), or null for the defaults.</param>
public sealed record RunConfig(string Name, NonlinearPoisson Problem, RunOptions Options, ShootingOptions Shooting, string? OutputDirectory, DiscoveryOptions? Discovery = null)
{
    /// <summary>The trainer's view of the problem.</summary>
    public TrainingProblem TrainingProblem => new(Problem.Name, Problem.ToResidualForm(), Problem.KnownSolutions);
}
