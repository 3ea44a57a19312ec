using System.Globalization;
using Pinn.Problems;

namespace Pinn.Shooting;

/// <summary>
/// A shooting scan whose u(0) range is chosen from the problem: the range of the options, then twice as wide about its
/// middle, again and again, until two doublings in a row find no new root (<see cref="ShootingOptions.GrowRange"/>).
/// One unchanged doubling is not enough: a root a little beyond twice the first range would be missed.
/// <para>
/// When the roots still change after <see cref="MaximumGrowths"/> doublings, or a scan finds more than
/// <see cref="MaximumRoots"/>, the problem has a family of radial solutions that goes on without end (−∇²u = u³ in the
/// disk: 365 roots with |u(0)| ≤ 12 800, their u(0) growing with their nodes). No catalog can hold it, and a catalog of
/// hundreds would send a discovery's output shifts and its search for missed solutions far beyond what a network
/// reaches. The scan used is then the narrowest one that found a root (the first range, usually), and
/// <see cref="Describe"/> says so with a warning.
/// </para>
/// </summary>
/// <param name="Scan">The scan used: the widest one, or when the roots never settled the narrowest with a root.</param>
/// <param name="Range">The options of that scan (its Minimum and Maximum are the range used).</param>
/// <param name="Settled">Whether the roots stopped changing within <see cref="MaximumGrowths"/> doublings and <see cref="MaximumRoots"/> roots.</param>
/// <param name="Widest">Unsettled: the widest range scanned; otherwise null.</param>
/// <param name="WidestRoots">Unsettled: the roots the widest scan found; otherwise 0.</param>
public sealed record GrowingScan(ShootingScan Scan, ShootingOptions Range, bool Settled, ShootingOptions? Widest = null, int WidestRoots = 0)
{
    /// <summary>At most this many doublings (a range 2⁸ = 256 times the first).</summary>
    public const int MaximumGrowths = 8;

    /// <summary>
    /// A scan with more roots than this ends the growth as unsettled: the family goes on (and each doubling of such a
    /// range costs more, the shots oscillating faster as u(0) grows).
    /// </summary>
    public const int MaximumRoots = 20;

    /// <summary>Scans, growing the range when <see cref="ShootingOptions.GrowRange"/> is set (else one scan of the range given).</summary>
    /// <param name="problem">The problem.</param>
    /// <param name="options">The first range and the scan settings.</param>
    public static GrowingScan Run(NonlinearPoisson problem, ShootingOptions options)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(options);
        var radial = new RadialProblem(problem);
        var range = options.Validate();
        var scan = RadialShooting.Scan(radial, range);
        if (!range.GrowRange)
        {
            return new GrowingScan(scan, range, true);
        }

        int unchanged = 0;
        var narrowestWithRoot = scan.Solutions.Count > 0 ? (scan, range) : default;
        for (int i = 0; i < MaximumGrowths; i++)
        {
            double middle = (range.Minimum + range.Maximum) / 2, half = range.Maximum - range.Minimum;
            var wider = range with { Minimum = middle - half, Maximum = middle + half };
            var next = RadialShooting.Scan(radial, wider);
            unchanged = SameRoots(scan.Solutions, next.Solutions, options.Tolerance) ? unchanged + 1 : 0;
            (scan, range) = (next, wider);
            if (unchanged == 2)
            {
                return new GrowingScan(scan, range, true);
            }

            if (narrowestWithRoot.scan is null && scan.Solutions.Count > 0)
            {
                narrowestWithRoot = (scan, range);
            }

            if (scan.Solutions.Count > MaximumRoots)
            {
                break;
            }
        }

        return narrowestWithRoot.scan is { } used
            ? new GrowingScan(used, narrowestWithRoot.range, false, range, scan.Solutions.Count)
            : new GrowingScan(scan, range, false, range, 0);
    }

    /// <summary>The note a catalog prints: where the range came from.</summary>
    /// <param name="first">The options the scan started from.</param>
    public string Describe(ShootingOptions first)
    {
        ArgumentNullException.ThrowIfNull(first);
        var inv = CultureInfo.InvariantCulture;
        return !first.GrowRange
            ? string.Create(inv, $"u(0) in [{Range.Minimum}, {Range.Maximum}]")
            : Settled
                ? string.Create(inv, $"u(0) in [{Range.Minimum}, {Range.Maximum}] (grown from [{first.Minimum}, {first.Maximum}] until two doublings found no new root; set shooting.minimum/maximum to choose)")
                : string.Create(inv, $"u(0) in [{Range.Minimum}, {Range.Maximum}] (warning: the roots kept changing as the range doubled from [{first.Minimum}, {first.Maximum}] — {WidestRoots} in [{Widest!.Minimum}, {Widest.Maximum}], a family without end — so the catalog keeps the narrowest range that holds a root; set shooting.minimum/maximum to choose)");
    }

    /// <summary>Same count, and each root of the narrower scan has one within the tolerance (relative, at least 1e-6 absolute) in the wider.</summary>
    private static bool SameRoots(IReadOnlyList<RadialSolution> narrow, IReadOnlyList<RadialSolution> wide, double tolerance)
    {
        double slack = Math.Max(tolerance * 1e4, 1e-6);
        return narrow.Count == wide.Count && narrow.All(a => wide.Any(b => Math.Abs(a.U0 - b.U0) <= slack * Math.Max(1, Math.Abs(a.U0))));
    }
}
