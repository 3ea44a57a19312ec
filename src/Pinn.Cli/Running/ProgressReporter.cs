using System.Diagnostics;
using System.Globalization;
using Pinn.Core.Training;
using Spectre.Console;

namespace Pinn.Cli.Running;

/// <summary>
/// Shows training progress — a live Spectre.Console table on an interactive terminal, plain periodic lines
/// otherwise (CI, logs, redirected output). Display only: the run directory's logs are written by the library.
/// </summary>
internal sealed class ProgressReporter : ITrainingObserver
{
    private readonly TextWriter output;
    private readonly Stopwatch clock = Stopwatch.StartNew();
    private long firstStep;
    private TimeSpan lastPrint = TimeSpan.Zero;
    private long lastPrintStep = -1;
    private double lastRate;
    private LiveDisplayContext? live;
    private Table? table;

    private readonly Func<double, string?>? firstLossNote;
    private string? pendingNote;
    private bool firstLossSeen;

    /// <param name="output">Where progress goes.</param>
    /// <param name="firstStep">The step training resumes from (0 for a new run).</param>
    /// <param name="firstLossNote">A line to print about the first loss of member 0 (e.g. the time step it chose), or null for none.</param>
    public ProgressReporter(TextWriter output, long firstStep, Func<double, string?>? firstLossNote = null)
    {
        this.output = output;
        this.firstStep = firstStep;
        this.firstLossNote = firstLossNote;
    }

    /// <summary>Whether a live display can be used: the real console, not redirected, not CI.</summary>
    public static bool CanUseLiveDisplay(TextWriter output) =>
        ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("CI") is null && AnsiConsole.Profile.Capabilities.Interactive;

    /// <summary>Runs <paramref name="train"/> under the chosen display.</summary>
    public void Run(Action<ITrainingObserver> train)
    {
        if (!CanUseLiveDisplay(output))
        {
            train(this);
            return;
        }

        table = new Table().Border(TableBorder.Rounded).AddColumns("member", "loss", "best loss", "bounces", "status");
        AnsiConsole.Live(table).AutoClear(false).Start(ctx =>
        {
            live = ctx;
            train(this);
        });
        live = null;
        if (pendingNote is not null)
        {
            output.WriteLine(pendingNote);
        }
    }

    public void OnStep(long step, long totalSteps, IReadOnlyList<MemberStatus> members)
    {
        if (!firstLossSeen && step == 1 && members.Count > 0)
        {
            // The first step's loss is the loss at the starting network: what BBI's time step was chosen from.
            firstLossSeen = true;
            if (firstLossNote?.Invoke(members[0].LastLoss) is { } note)
            {
                if (live is null)
                {
                    output.WriteLine(note);
                }
                else
                {
                    pendingNote = note;
                }
            }
        }

        if (step < lastPrintStep)
        {
            // A new trainer (the next round of a discovery run) counts from step 0 again.
            firstStep = step - 1;
            clock.Restart();
            lastPrint = TimeSpan.Zero;
            lastPrintStep = -1;
            return; // no rate yet: the next line (after the interval) has one
        }

        var elapsed = clock.Elapsed;
        bool last = step == totalSteps;
        var interval = live is null ? TimeSpan.FromSeconds(10) : TimeSpan.FromMilliseconds(250);
        if (!last && elapsed - lastPrint < interval && step != firstStep + 1)
        {
            return;
        }

        // The rate since the previous line, so that the ETA follows a phase change (a polishing iteration costs far
        // more than a first-order step).
        double rate = lastPrintStep < 0
            ? (step - firstStep) / Math.Max(elapsed.TotalSeconds, 1e-9)
            : step == lastPrintStep ? lastRate : (step - lastPrintStep) / Math.Max((elapsed - lastPrint).TotalSeconds, 1e-9);
        lastRate = rate;
        lastPrint = elapsed;
        lastPrintStep = step;
        string eta = FormatEta((totalSteps - step) / rate);
        var finite = members.Select(m => m.LastLoss).Where(double.IsFinite).ToList();
        string current = finite.Count == 0 ? "n/a" : finite.Count == 1 ? Fmt(finite[0]) : $"{Fmt(finite.Min())}..{Fmt(finite.Max())}";
        double best = members.Select(m => m.BestLoss).DefaultIfEmpty(double.NaN).Min();
        long bounces = members.Sum(m => m.Bounces);
        string header = string.Create(CultureInfo.InvariantCulture, $"step {step}/{totalSteps} ({100.0 * step / totalSteps:F1}%) · {rate:F1} steps/s · ETA {eta} · loss {current} · best {Fmt(best)} · bounces {bounces} · active {members.Count(m => m.Active)}/{members.Count}");
        if (live is not null && table is not null)
        {
            table.Rows.Clear();
            foreach (var m in members)
            {
                table.AddRow(m.Index.ToString(CultureInfo.InvariantCulture), Fmt(m.LastLoss), Fmt(m.BestLoss), m.Bounces.ToString(CultureInfo.InvariantCulture), Markup.Escape(m.Active ? "training" : m.StopReason));
            }

            live.UpdateTarget(new Rows(new Text(header), table));
        }
        else
        {
            output.WriteLine(header);
        }
    }

    public void OnMetrics(IReadOnlyList<MetricsRecord> records)
    {
    }

    public void OnBounce(long step, int member)
    {
    }

    private static string Fmt(double v) => double.IsFinite(v) ? v.ToString("0.###e+0", CultureInfo.InvariantCulture) : v.ToString(CultureInfo.InvariantCulture);

    /// <summary>An ETA as [Dd ]hh:mm:ss; "unknown" when the rate is zero or not finite, and "> 1 year" beyond that.</summary>
    /// <param name="seconds">Seconds left.</param>
    internal static string FormatEta(double seconds)
    {
        if (!double.IsFinite(seconds) || seconds < 0)
        {
            return "unknown";
        }

        if (seconds > 365.0 * 86400)
        {
            return "> 1 year";
        }

        var t = TimeSpan.FromSeconds(Math.Round(seconds));
        return t.Days > 0
            ? string.Create(CultureInfo.InvariantCulture, $"{t.Days}d {t:hh\\:mm\\:ss}")
            : t.ToString("hh\\:mm\\:ss", CultureInfo.InvariantCulture);
    }
}
