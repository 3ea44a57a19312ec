namespace Pinn.Core.Plotting;

/// <summary>Readable tick positions: 1-2-5 steps on linear axes, decades on log axes (stateless).</summary>
public static class AxisTicks
{
    /// <summary>A "nice" range and ticks covering [min, max] with about <paramref name="target"/> ticks.</summary>
    /// <param name="min">Data minimum.</param>
    /// <param name="max">Data maximum.</param>
    /// <param name="target">Desired tick count.</param>
    public static (double Min, double Max, double[] Ticks) Linear(double min, double max, int target = 6)
    {
        if (!(max > min))
        {
            double pad = Math.Abs(min) > 0 ? Math.Abs(min) * 0.1 : 1;
            (min, max) = (min - pad, max + pad);
        }

        double raw = (max - min) / Math.Max(1, target - 1);
        double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = new[] { 1.0, 2, 2.5, 5, 10 }.Select(f => f * magnitude).First(s => s >= raw);
        double lo = Math.Floor(min / step) * step, hi = Math.Ceiling(max / step) * step;
        int count = (int)Math.Round((hi - lo) / step) + 1;
        var ticks = Enumerable.Range(0, count).Select(i => Math.Round((lo + (i * step)) / step) * step).ToArray();
        return (lo, hi, ticks);
    }

    /// <summary>Decade range and ticks covering positive [min, max].</summary>
    /// <param name="min">Smallest positive value.</param>
    /// <param name="max">Largest value.</param>
    public static (double Min, double Max, double[] Ticks) Log(double min, double max)
    {
        int lo = (int)Math.Floor(Math.Log10(min)), hi = (int)Math.Ceiling(Math.Log10(max));
        if (hi <= lo)
        {
            hi = lo + 1;
        }

        int stride = Math.Max(1, (hi - lo + 7) / 8);
        var ticks = Enumerable.Range(0, ((hi - lo) / stride) + 1).Select(i => Math.Pow(10, lo + (i * stride))).ToArray();
        return (Math.Pow(10, lo), Math.Pow(10, hi), ticks);
    }
}
