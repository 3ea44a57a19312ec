namespace Pinn.Runs.Devices;

/// <summary>How one member of a device run compares with the same member trained on the CPU backend.</summary>
/// <param name="Case">The run it belongs to (e.g. "bbi-sigmoid").</param>
/// <param name="Member">The member's index.</param>
/// <param name="CpuBounces">BBI bounces on the CPU backend.</param>
/// <param name="DeviceBounces">BBI bounces on the device.</param>
/// <param name="InitialLossDifference">Relative difference of the loss before the first step.</param>
/// <param name="ParameterDifference">Relative 2-norm difference of θ after the run.</param>
/// <param name="LastLossDifference">Relative difference of the last loss.</param>
/// <param name="Completed">Whether the member completed its steps on both backends.</param>
public sealed record MemberAgreement(
    string Case,
    int Member,
    long CpuBounces,
    long DeviceBounces,
    double InitialLossDifference,
    double ParameterDifference,
    double LastLossDifference,
    bool Completed)
{
    /// <summary>Whether every figure is within its tolerance (a NaN never is) and the bounces are the same.</summary>
    /// <param name="tolerances">The tolerances.</param>
    public bool Within(DeviceAgreementTolerances tolerances)
    {
        ArgumentNullException.ThrowIfNull(tolerances);
        return Completed && CpuBounces == DeviceBounces
            && InitialLossDifference <= tolerances.InitialLoss
            && ParameterDifference <= tolerances.Parameters
            && LastLossDifference <= tolerances.LastLoss;
    }
}
