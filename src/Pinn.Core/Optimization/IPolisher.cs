namespace Pinn.Core.Optimization;

/// <summary>One member's second-order polisher: each call moves θ (float64, in place) by one iteration.</summary>
public interface IPolisher
{
    /// <summary>Whether the polisher has stopped (converged or unable to make progress); further calls do nothing.</summary>
    bool Finished { get; }

    /// <summary>One iteration on the current points.</summary>
    /// <param name="theta">The parameters, updated in place when the step is accepted.</param>
    PolishIteration Iterate(double[] theta);

    /// <summary>The state a checkpoint needs.</summary>
    OptimizerState SaveState();

    /// <summary>Restores <see cref="SaveState"/>'s result.</summary>
    /// <param name="state">The saved state.</param>
    void RestoreState(OptimizerState state);
}
