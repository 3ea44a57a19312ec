using System.Diagnostics;

namespace Pinn.Core.Compute;

/// <summary>
/// Accumulates wall time per phase of a training step (for <c>pinn bench --profile</c>). A backend carries one; the
/// shared <see cref="Disabled"/> instance costs one branch per phase. Thread-safe.
/// </summary>
public sealed class PhaseProfiler
{
    private readonly Dictionary<string, double> totals = new(StringComparer.Ordinal);

    /// <summary>Creates a profiler.</summary>
    /// <param name="enabled">Whether phases are timed from the start.</param>
    public PhaseProfiler(bool enabled = true) => Enabled = enabled;

    /// <summary>A profiler that never times anything.</summary>
    public static PhaseProfiler Disabled { get; } = new(false);

    /// <summary>Whether phases are timed (a benchmark pauses it during warm-up).</summary>
    public bool Enabled { get; set; }

    /// <summary>A timestamp to pass to <see cref="Stop"/> (0 when disabled).</summary>
    public long Start() => Enabled ? Stopwatch.GetTimestamp() : 0;

    /// <summary>Adds the time since <paramref name="start"/> to <paramref name="phase"/>.</summary>
    /// <param name="phase">The phase's name.</param>
    /// <param name="start">From <see cref="Start"/>.</param>
    public void Stop(string phase, long start)
    {
        if (!Enabled || start == 0)
        {
            return;
        }

        double ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        lock (totals)
        {
            totals[phase] = totals.GetValueOrDefault(phase) + ms;
        }
    }

    /// <summary>The totals so far, in ms, without clearing them.</summary>
    public IReadOnlyDictionary<string, double> Snapshot()
    {
        lock (totals)
        {
            return new Dictionary<string, double>(totals, StringComparer.Ordinal);
        }
    }

    /// <summary>The totals so far, in ms, and clears them.</summary>
    public IReadOnlyDictionary<string, double> Drain()
    {
        lock (totals)
        {
            var copy = Snapshot();
            totals.Clear();
            return copy;
        }
    }
}
