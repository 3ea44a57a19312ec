namespace Pinn.Core.LinearAlgebra;

/// <summary>
/// The one relative-error measure of Pinn (stateless): RMS(u − reference) / max(RMS(reference), floor). With the
/// default floor 0 it is the relative L2 error ‖u − u*‖/‖u*‖, and for a reference that is identically zero (nothing
/// to be relative to) the RMS error; a positive floor makes it absolute for small references.
/// </summary>
public static class RelativeError
{
    /// <summary>RMS(u − reference) / max(RMS(reference), floor), or RMS(u − reference) when both are 0.</summary>
    /// <param name="u">The values.</param>
    /// <param name="reference">The reference values, same length.</param>
    /// <param name="floor">Smallest denominator (≥ 0).</param>
    public static double Rms(ReadOnlySpan<double> u, ReadOnlySpan<double> reference, double floor = 0)
    {
        if (u.Length != reference.Length)
        {
            throw new ArgumentException($"The values ({u.Length}) and the reference ({reference.Length}) differ in length.", nameof(reference));
        }

        if (!(floor >= 0))
        {
            throw new ArgumentOutOfRangeException(nameof(floor), floor, "The floor must be ≥ 0.");
        }

        if (u.Length == 0)
        {
            return 0;
        }

        double diff = 0, norm = 0;
        for (int i = 0; i < u.Length; i++)
        {
            double d = u[i] - reference[i];
            diff += d * d;
            norm += reference[i] * reference[i];
        }

        double scale = Math.Max(Math.Sqrt(norm / u.Length), floor);
        double rms = Math.Sqrt(diff / u.Length);
        return scale > 0 ? rms / scale : rms;
    }
}
