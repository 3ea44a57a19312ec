using Pinn.Core.Configuration;

namespace Pinn.Core.Training;

/// <summary>
/// Deflation settings: M(u) = Π_j (1 + ‖u − u_j‖^(−p)/α) over the known solutions u_j, with ‖·‖ the root-mean-square over
/// <see cref="Points"/> fixed points of the ball (see <see cref="Optimization.DeflationFactor"/>).
/// </summary>
/// <param name="Power">p &gt; 0 (default 2).</param>
/// <param name="Shift">α ≥ 0 (default 1): the repulsion reaches ‖u − u_j‖ ≈ α^(−1/p); M → 1 far from every known solution.</param>
/// <param name="Points">Q, the interior points the norm is taken over (10 … 1e5).</param>
/// <param name="FirstOrder">
/// Deflate the first-order phase too (BBI, Adam or GDM on M²·D + λ‖θ‖²), not only the Gauss–Newton phase. On by
/// default: on Bratu (d = 2) it is what carries BBI past the known lower solution to the upper one, where plain BBI
/// falls back into the known basin and deflated Gauss–Newton from there ends in a spurious minimum of M²·D.
/// </param>
public sealed record DeflationOptions(double Power = 2, double Shift = 1, int Points = 512, bool FirstOrder = true)
{
    /// <summary>Throws naming the field when invalid (NaN fails every check).</summary>
    public DeflationOptions Validate()
    {
        Guard.Positive(Power, nameof(Power), "Power (p)");
        Guard.NonNegative(Shift, nameof(Shift), "Shift (α)");
        if (Points is < 10 or > 100_000)
        {
            throw new OptionsValidationException(nameof(Points), "Points must be from 10 to 1e5.");
        }

        return this;
    }
}
