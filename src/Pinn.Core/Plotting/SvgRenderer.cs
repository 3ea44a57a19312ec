using System.Globalization;
using System.Security;
using System.Text;

namespace Pinn.Core.Plotting;

/// <summary>Renders a <see cref="Chart"/> as a standalone SVG document. Deterministic: the same chart gives the same bytes.</summary>
public static class SvgRenderer
{
    private const double Left = 80, Right = 170, Top = 40, Bottom = 55;

    /// <summary>The SVG text of a chart.</summary>
    /// <param name="chart">The chart.</param>
    public static string Render(Chart chart)
    {
        var inv = CultureInfo.InvariantCulture;
        string F(double v) => v.ToString("0.##", inv);
        var (xMin, xMax, xTicks) = Range(chart.XAxis, chart.Series.SelectMany(s => s.X));
        var (yMin, yMax, yTicks) = Range(chart.YAxis, chart.Series.SelectMany(s => s.Y));
        double plotW = chart.Width - Left - Right, plotH = chart.Height - Top - Bottom;
        double Map(Axis axis, double v, double lo, double hi) => axis.Scale == AxisScale.Log ? (Math.Log10(v) - Math.Log10(lo)) / (Math.Log10(hi) - Math.Log10(lo)) : (v - lo) / (hi - lo);
        double Px(double x) => Left + (plotW * Map(chart.XAxis, x, xMin, xMax));
        double Py(double y) => Top + plotH - (plotH * Map(chart.YAxis, y, yMin, yMax));
        bool Valid(Axis axis, double v, double lo, double hi) => double.IsFinite(v) && (axis.Scale != AxisScale.Log || v > 0) && v >= lo - (1e-9 * Math.Abs(hi - lo)) && v <= hi + (1e-9 * Math.Abs(hi - lo));

        var sb = new StringBuilder();
        sb.Append(inv, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{chart.Width}\" height=\"{chart.Height}\" viewBox=\"0 0 {chart.Width} {chart.Height}\" font-family=\"Helvetica, Arial, sans-serif\" font-size=\"12\">\n");
        sb.Append(inv, $"<rect width=\"{chart.Width}\" height=\"{chart.Height}\" fill=\"white\"/>\n");
        sb.Append(inv, $"<text x=\"{F(Left + (plotW / 2))}\" y=\"22\" text-anchor=\"middle\" font-size=\"15\" font-weight=\"bold\">{Escape(chart.Title)}</text>\n");
        sb.Append("<g class=\"grid\" stroke=\"#e5e5e5\" stroke-width=\"1\">\n");
        foreach (double t in xTicks)
        {
            sb.Append(inv, $"<line x1=\"{F(Px(t))}\" y1=\"{F(Top)}\" x2=\"{F(Px(t))}\" y2=\"{F(Top + plotH)}\"/>\n");
        }

        foreach (double t in yTicks)
        {
            sb.Append(inv, $"<line x1=\"{F(Left)}\" y1=\"{F(Py(t))}\" x2=\"{F(Left + plotW)}\" y2=\"{F(Py(t))}\"/>\n");
        }

        sb.Append("</g>\n");
        sb.Append(inv, $"<rect class=\"frame\" x=\"{F(Left)}\" y=\"{F(Top)}\" width=\"{F(plotW)}\" height=\"{F(plotH)}\" fill=\"none\" stroke=\"#333\"/>\n");
        sb.Append(inv, $"<g class=\"x-axis\" data-min=\"{xMin.ToString("R", inv)}\" data-max=\"{xMax.ToString("R", inv)}\" data-scale=\"{chart.XAxis.Scale.ToString().ToLowerInvariant()}\" text-anchor=\"middle\">\n");
        foreach (double t in xTicks)
        {
            sb.Append(inv, $"<text x=\"{F(Px(t))}\" y=\"{F(Top + plotH + 16)}\">{Escape(Label(t, chart.XAxis.Scale))}</text>\n");
        }

        sb.Append(inv, $"<text x=\"{F(Left + (plotW / 2))}\" y=\"{F(chart.Height - 12)}\" font-size=\"13\">{Escape(chart.XAxis.Title)}</text>\n</g>\n");
        sb.Append(inv, $"<g class=\"y-axis\" data-min=\"{yMin.ToString("R", inv)}\" data-max=\"{yMax.ToString("R", inv)}\" data-scale=\"{chart.YAxis.Scale.ToString().ToLowerInvariant()}\" text-anchor=\"end\">\n");
        foreach (double t in yTicks)
        {
            sb.Append(inv, $"<text x=\"{F(Left - 6)}\" y=\"{F(Py(t) + 4)}\">{Escape(Label(t, chart.YAxis.Scale))}</text>\n");
        }

        sb.Append(inv, $"<text transform=\"translate(18 {F(Top + (plotH / 2))}) rotate(-90)\" text-anchor=\"middle\" font-size=\"13\">{Escape(chart.YAxis.Title)}</text>\n</g>\n");
        sb.Append(inv, $"<clipPath id=\"plot\"><rect x=\"{F(Left)}\" y=\"{F(Top)}\" width=\"{F(plotW)}\" height=\"{F(plotH)}\"/></clipPath>\n");
        int paletteIndex = 0, legendRow = 0;
        foreach (var series in chart.Series)
        {
            string color = series.Color ?? Chart.Palette[paletteIndex++ % Chart.Palette.Count];
            string dash = series.Dashed ? " stroke-dasharray=\"6 4\"" : string.Empty;
            sb.Append(inv, $"<g class=\"series\" data-name=\"{Escape(series.Name)}\" data-points=\"{series.X.Count}\" clip-path=\"url(#plot)\">\n");
            if (series.Kind == SeriesKind.Line)
            {
                var path = new StringBuilder();
                bool pen = false;
                for (int i = 0; i < series.X.Count; i++)
                {
                    if (!Valid(chart.XAxis, series.X[i], xMin, xMax) || !Valid(chart.YAxis, series.Y[i], yMin, yMax))
                    {
                        pen = false;
                        continue;
                    }

                    path.Append(pen ? " L" : " M").Append(F(Px(series.X[i]))).Append(',').Append(F(Py(series.Y[i])));
                    pen = true;
                }

                sb.Append(inv, $"<path d=\"{path.ToString().Trim()}\" fill=\"none\" stroke=\"{color}\" stroke-width=\"{F(series.Width)}\"{dash}/>\n");
            }
            else
            {
                for (int i = 0; i < series.X.Count; i++)
                {
                    if (Valid(chart.XAxis, series.X[i], xMin, xMax) && Valid(chart.YAxis, series.Y[i], yMin, yMax))
                    {
                        sb.Append(inv, $"<circle cx=\"{F(Px(series.X[i]))}\" cy=\"{F(Py(series.Y[i]))}\" r=\"3\" fill=\"{color}\"/>\n");
                    }
                }
            }

            sb.Append("</g>\n");
            if (series.Name.Length > 0)
            {
                double ly = Top + 10 + (legendRow++ * 18);
                double lx = Left + plotW + 12;
                sb.Append(inv, $"<g class=\"legend-entry\"><line x1=\"{F(lx)}\" y1=\"{F(ly)}\" x2=\"{F(lx + 22)}\" y2=\"{F(ly)}\" stroke=\"{color}\" stroke-width=\"2\"{dash}/><text x=\"{F(lx + 28)}\" y=\"{F(ly + 4)}\">{Escape(series.Name)}</text></g>\n");
            }
        }

        sb.Append("</svg>\n");
        return sb.ToString();
    }

    private static (double Min, double Max, double[] Ticks) Range(Axis axis, IEnumerable<double> values)
    {
        var finite = values.Where(v => double.IsFinite(v) && (axis.Scale != AxisScale.Log || v > 0)).ToList();
        double lo = axis.Minimum ?? (finite.Count > 0 ? finite.Min() : (axis.Scale == AxisScale.Log ? 1 : 0));
        double hi = axis.Maximum ?? (finite.Count > 0 ? finite.Max() : (axis.Scale == AxisScale.Log ? 10 : 1));
        if (axis.Scale == AxisScale.Log)
        {
            return AxisTicks.Log(lo, hi);
        }

        var (a, b, ticks) = AxisTicks.Linear(lo, hi);
        if (axis.Minimum is double fixedLo && axis.Maximum is double fixedHi)
        {
            return (fixedLo, fixedHi, ticks.Where(t => t >= fixedLo - 1e-12 && t <= fixedHi + 1e-12).ToArray());
        }

        return (a, b, ticks);
    }

    private static string Label(double v, AxisScale scale)
    {
        if (scale == AxisScale.Log)
        {
            return "1e" + Math.Round(Math.Log10(v)).ToString(CultureInfo.InvariantCulture);
        }

        return Math.Abs(v) >= 1e5 || (Math.Abs(v) < 1e-3 && v != 0) ? v.ToString("0.##E0", CultureInfo.InvariantCulture) : v.ToString("0.####", CultureInfo.InvariantCulture);
    }

    private static string Escape(string s) => SecurityElement.Escape(s) ?? string.Empty;
}
