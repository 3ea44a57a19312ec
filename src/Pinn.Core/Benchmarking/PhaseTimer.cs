using System.Diagnostics;

namespace Pinn.Core.Benchmarking;

/// <summary>
/// Opt-in accumulation of wall time per phase of a training step (for <c>pinn bench --profile</c>). Disabled by
/// default: a disabled timer costs one branch per phase.
/// </summary>
public static class PhaseTimer
{
    private static readonly Dictionary<string, double> Totals = new(StringComparer.Ordinal);

    /// <summary>Whether phases are timed.</summary>
    public static bool Enabled { get; set; }

    /// <summary>A timestamp to pass to <see cref="Stop"/> (0 when disabled).</summary>
    public static long Start() => Enabled ? Stopwatch.GetTimestamp() : 0;

    /// <summary>Adds the time since <paramref name="start"/> to <paramref name="phase"/>.</summary>
    /// <param name="phase">The phase's name.</param>
    /// <param name="start">From <see cref="Start"/>.</param>
    public static void Stop(string phase, long start)
    {
        if (!Enabled)
        {
            return;
        }

        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        lock (Totals)
        {
            Totals[phase] = Totals.GetValueOrDefault(phase) + ms;
        }
    }

    /// <summary>The totals so far, in ms, and clears them.</summary>
    public static IReadOnlyDictionary<string, double> Drain()
    {
        lock (Totals)
        {
            var copy = new Dictionary<string, double>(Totals, StringComparer.Ordinal);
            Totals.Clear();
            return copy;
        }
    }
}
