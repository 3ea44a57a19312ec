using System.Diagnostics;
using System.Globalization;
using Pinn.Shooting;

namespace Pinn.Cli.Running;

/// <summary>
/// Progress of a shooting scan as lines, at most one every interval (2 s) (plus the first of each phase once
/// a scan has run that long), so a slow scan says what it is doing and a quick one prints nothing.
/// </summary>
/// <param name="output">Where the lines go.</param>
/// <param name="quiet">Print nothing (e.g. when standard output is JSON).</param>
/// <param name="interval">The time between two lines (default <see cref="DefaultInterval"/>).</param>
internal sealed class ShootingProgress(TextWriter output, bool quiet, TimeSpan? interval = null) : IProgress<ShootingStage>
{
    /// <summary>The time between two lines unless told otherwise.</summary>
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);

    private readonly TimeSpan every = interval ?? DefaultInterval;

    private readonly object gate = new();
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private TimeSpan last = TimeSpan.Zero;
    private string? phase;

    /// <inheritdoc />
    public void Report(ShootingStage value)
    {
        if (quiet)
        {
            return;
        }

        lock (gate)
        {
            var now = clock.Elapsed;
            bool newPhase = value.Phase != phase;
            phase = value.Phase;
            if (now < every || (!newPhase && now - last < every))
            {
                return;
            }

            last = now;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"shoot: {value.Phase}: {value.Done}/{value.Total} ({100.0 * value.Done / Math.Max(1, value.Total):F0}%), {now.TotalSeconds:F0} s"));
        }
    }
}
