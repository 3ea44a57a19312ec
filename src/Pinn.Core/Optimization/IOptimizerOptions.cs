using System.Numerics;
using Pinn.Core.Compute;
using Pinn.Core.Networks;
using Pinn.Core.Randomness;

namespace Pinn.Core.Optimization;

/// <summary>Validated, immutable optimizer settings that can create the optimizer they describe.</summary>
public interface IOptimizerOptions
{
    /// <summary>The optimizer's kind, e.g. <c>bbi</c>.</summary>
    string Kind { get; }

    /// <summary>
    /// The settings as they enter a run's identity (<see cref="Training.Checkpoints.RunIdentity"/>): every field that
    /// changes the trajectory. By default the record's text; a record that gains a field whose neutral value reproduces
    /// the old behaviour leaves that value out, so checkpoints written before the field still resume.
    /// </summary>
    string Identity => ToString() ?? Kind;

    /// <summary>Creates an optimizer for a parameter vector with the given tensor blocks.</summary>
    /// <typeparam name="T">float or double.</typeparam>
    /// <param name="backend">Where θ lives.</param>
    /// <param name="blocks">The tensors of θ (one block for a plain vector).</param>
    /// <param name="random">This optimizer's own random source (never shared between ensemble members).</param>
    IOptimizer<T> Create<T>(IComputeBackend<T> backend, IReadOnlyList<ParameterBlock> blocks, IRandomSource random)
        where T : unmanaged, IBinaryFloatingPointIeee754<T>;
}
