using Pinn.Core.Problems;
using Pinn.Core.Symbolic;

namespace Pinn.Core.Training;

/// <summary>What the trainer needs of a problem: its residual form, its exact solutions (for error metrics) and a name.</summary>
/// <param name="Name">Short name.</param>
/// <param name="Form">The residual form.</param>
/// <param name="KnownSolutions">Exact solutions by name.</param>
public sealed record TrainingProblem(string Name, ResidualForm Form, IReadOnlyDictionary<string, Expr> KnownSolutions);
