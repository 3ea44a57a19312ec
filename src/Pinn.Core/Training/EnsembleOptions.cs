using Pinn.Core.Configuration;

namespace Pinn.Core.Training;

/// <summary>The ensemble section: K members trained in lockstep on the same points (default K = 4).</summary>
/// <param name="Members">K ≥ 1.</param>
/// <param name="SameInitialization">All members start from the same network (the paper's protocol: runs differ only in their bounces); false gives each its own seed.</param>
public sealed record EnsembleOptions(int Members = 4, bool SameInitialization = true)
{
    /// <summary>Throws naming the field when invalid.</summary>
    public EnsembleOptions Validate()
    {
        if (Members is < 1 or > 4096)
        {
            throw new OptionsValidationException(nameof(Members), "Members must be from 1 to 4096.");
        }

        return this;
    }
}
