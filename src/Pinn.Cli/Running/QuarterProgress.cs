namespace Pinn.Cli.Running;

/// <summary>
/// Progress of a long loop as lines: "label: done/total unit done" at every 25 % (before the end), printed at once on
/// the reporting thread (callers may report from worker threads).
/// </summary>
/// <param name="output">Where the lines go.</param>
/// <param name="label">What is running, e.g. "  two-basin".</param>
/// <param name="total">Items in all.</param>
/// <param name="unit">What an item is, e.g. "runs".</param>
internal sealed class QuarterProgress(TextWriter output, string label, int total, string unit) : IProgress<int>
{
    private readonly object gate = new();
    private readonly int quarter = Math.Max(1, total / 4);

    /// <inheritdoc />
    public void Report(int value)
    {
        if (value % quarter == 0 && value < total)
        {
            lock (gate)
            {
                output.WriteLine($"{label}: {value}/{total} {unit} done");
            }
        }
    }
}
