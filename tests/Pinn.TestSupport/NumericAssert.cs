using Xunit.Sdk;

namespace Pinn.TestSupport;

/// <summary>
/// The one place where tolerances are checked. Relative checks use |a − e| ≤ tol · max(|e|, floor), so values near
/// zero are compared absolutely at the floor's scale. NaN never passes.
/// </summary>
public static class NumericAssert
{
    /// <summary>|actual − expected| ≤ tolerance · max(|expected|, floor).</summary>
    public static void Relative(double expected, double actual, double tolerance, double floor = 1e-300, string? what = null)
    {
        double scale = Math.Max(Math.Abs(expected), floor);
        double error = Math.Abs(actual - expected);
        if (double.IsNaN(actual) || double.IsNaN(expected) || !(error <= tolerance * scale))
        {
            throw new XunitException($"{what ?? "value"}: expected {expected:R}, got {actual:R}; relative error {error / scale:E3} > {tolerance:E1}");
        }
    }

    /// <summary>|actual − expected| ≤ tolerance.</summary>
    public static void Absolute(double expected, double actual, double tolerance, string? what = null)
    {
        double error = Math.Abs(actual - expected);
        if (double.IsNaN(actual) || double.IsNaN(expected) || !(error <= tolerance))
        {
            throw new XunitException($"{what ?? "value"}: expected {expected:R}, got {actual:R}; error {error:E3} > {tolerance:E1}");
        }
    }

    /// <summary>Element-wise relative check of two equally long sequences.</summary>
    public static void AllRelative(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance, double floor = 1e-300, string? what = null)
    {
        if (expected.Length != actual.Length)
        {
            throw new XunitException($"{what ?? "vector"}: expected length {expected.Length}, got {actual.Length}");
        }

        for (int i = 0; i < expected.Length; i++)
        {
            Relative(expected[i], actual[i], tolerance, floor, $"{what ?? "vector"}[{i}]");
        }
    }

    /// <summary>Norm-wise check: ‖a − e‖₂ ≤ tolerance · max(‖e‖₂, floor) (robust where single entries are near zero).</summary>
    public static void NormRelative(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance, string? what = null, double floor = 1e-300)
    {
        if (expected.Length != actual.Length)
        {
            throw new XunitException($"{what ?? "vector"}: expected length {expected.Length}, got {actual.Length}");
        }

        double diff = 0, norm = 0;
        for (int i = 0; i < expected.Length; i++)
        {
            double d = actual[i] - expected[i];
            diff += d * d;
            norm += expected[i] * expected[i];
        }

        double rel = Math.Sqrt(diff) / Math.Max(Math.Sqrt(norm), floor);
        if (!(rel <= tolerance))
        {
            throw new XunitException($"{what ?? "vector"}: relative 2-norm error {rel:E3} > {tolerance:E1}");
        }
    }

    /// <summary>Asserts a value lies in [low, high].</summary>
    public static void InRange(double actual, double low, double high, string? what = null)
    {
        if (!(actual >= low && actual <= high))
        {
            throw new XunitException($"{what ?? "value"}: {actual:R} is outside [{low:R}, {high:R}]");
        }
    }
}
