using Pinn.Core.Configuration;

namespace Pinn.Core.Training;

/// <summary>The points section (defaults: 1 024 interior and 128 boundary points, fresh every 500 steps; the paper: 10⁴ and 10³, fixed).</summary>
/// <param name="Interior">Interior collocation points ≥ 1.</param>
/// <param name="Boundary">Boundary points ≥ 1.</param>
/// <param name="ResampleEvery">Fresh points every this many steps; 0 keeps them fixed.</param>
/// <param name="Validation">Interior points of the fixed validation set used for metrics (boundary: a tenth).</param>
public sealed record PointOptions(int Interior = 1024, int Boundary = 128, long ResampleEvery = 500, int Validation = 2_000)
{
    /// <summary>Throws naming the field when invalid.</summary>
    public PointOptions Validate()
    {
        if (Interior is < 1 or > 10_000_000)
        {
            throw new OptionsValidationException(nameof(Interior), "Interior must be from 1 to 1e7.");
        }

        if (Boundary is < 1 or > 10_000_000)
        {
            throw new OptionsValidationException(nameof(Boundary), "Boundary must be from 1 to 1e7.");
        }

        if (ResampleEvery < 0)
        {
            throw new OptionsValidationException(nameof(ResampleEvery), "ResampleEvery must be ≥ 0 (0 = fixed points).");
        }

        if (Validation is < 10 or > 1_000_000)
        {
            throw new OptionsValidationException(nameof(Validation), "Validation must be from 10 to 1e6.");
        }

        return this;
    }
}
