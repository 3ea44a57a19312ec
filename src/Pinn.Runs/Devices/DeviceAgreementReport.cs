namespace Pinn.Runs.Devices;

/// <summary>What <see cref="DeviceAgreement.Check"/> measured: every member of every case against the CPU backend.</summary>
/// <param name="Device">The device backend's name (e.g. "cuda (NVIDIA H100 …), f32, cuBLAS GEMM").</param>
/// <param name="Steps">Training steps of each case.</param>
/// <param name="Tolerances">The tolerances each member was held to.</param>
/// <param name="Members">Every member of every case.</param>
/// <param name="Seconds">Wall time of the whole check, both backends.</param>
public sealed record DeviceAgreementReport(string Device, long Steps, DeviceAgreementTolerances Tolerances, IReadOnlyList<MemberAgreement> Members, double Seconds)
{
    /// <summary>Whether every member of every case agrees within the tolerances.</summary>
    public bool Agrees => Members.Count > 0 && Members.All(m => m.Within(Tolerances));
}
