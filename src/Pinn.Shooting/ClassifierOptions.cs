using Pinn.Core.Configuration;

namespace Pinn.Shooting;

/// <summary>Settings of <see cref="SolutionClassifier"/>.</summary>
/// <param name="Directions">Random directions along which the function is sampled (≥ 1).</param>
/// <param name="RadialPoints">Grid points on r ∈ [0, 1] per direction (≥ 2).</param>
/// <param name="Threshold">
/// Largest relative distance still classified; null = min(0.25, ½ × the smallest distance between two cataloged
/// solutions). With that rule a function can never be within the threshold of two solutions, and 0.25 keeps
/// classification meaningful when the solutions are far apart.
/// </param>
/// <param name="RadialSpreadLimit">
/// Relative spread between directions above which the function is flagged non-radial. 0.2: trained networks at
/// 5–10 % relative L2 error show 5–10 % spread from their own errors, while a genuinely non-radial function (a
/// term linear in x₁ of the size of the solution) shows well over 50 %.
/// </param>
/// <param name="Seed">Seed of the directions.</param>
public sealed record ClassifierOptions(int Directions = 8, int RadialPoints = 101, double? Threshold = null, double RadialSpreadLimit = 0.2, ulong Seed = 1)
{
    /// <summary>Throws naming the field when a setting is invalid.</summary>
    public ClassifierOptions Validate()
    {
        if (Directions < 1)
        {
            throw new OptionsValidationException(nameof(Directions), "Directions must be ≥ 1.");
        }

        if (RadialPoints < 2)
        {
            throw new OptionsValidationException(nameof(RadialPoints), "RadialPoints must be ≥ 2.");
        }

        if (Threshold is double t && !(t > 0))
        {
            throw new OptionsValidationException(nameof(Threshold), "Threshold must be > 0.");
        }

        if (!(RadialSpreadLimit > 0))
        {
            throw new OptionsValidationException(nameof(RadialSpreadLimit), "RadialSpreadLimit must be > 0.");
        }

        return this;
    }
}
