namespace Pinn.Runs.Devices;

/// <summary>
/// How far a device run may drift from the same run on the CPU backend before <see cref="DeviceAgreement"/> calls it a
/// disagreement: both train in float32 with different summation orders, so the figures are relative differences.
/// The defaults are the tolerances of the ILGPU backend's agreement tests.
/// </summary>
/// <param name="InitialLoss">|L_device − L_cpu| / |L_cpu| of each member's loss before the first step.</param>
/// <param name="Parameters">‖θ_device − θ_cpu‖₂ / ‖θ_cpu‖₂ of each member after the run.</param>
/// <param name="LastLoss">|L_device − L_cpu| / |L_cpu| of each member's last loss.</param>
public sealed record DeviceAgreementTolerances(double InitialLoss = 1e-5, double Parameters = 1e-4, double LastLoss = 1e-3)
{
    /// <summary>The tolerances, checked.</summary>
    /// <exception cref="ArgumentException">A tolerance is not a positive finite number.</exception>
    public DeviceAgreementTolerances Validate()
    {
        Check(InitialLoss, nameof(InitialLoss));
        Check(Parameters, nameof(Parameters));
        Check(LastLoss, nameof(LastLoss));
        return this;
    }

    private static void Check(double value, string name)
    {
        if (!(value > 0) || double.IsInfinity(value))
        {
            throw new ArgumentException($"the {name} tolerance must be a positive finite number, not {value}.");
        }
    }
}
