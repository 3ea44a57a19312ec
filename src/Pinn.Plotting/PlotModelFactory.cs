using OxyPlot;
using OxyPlot.Axes;
using Axis = Pinn.Plotting.Axis;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace Pinn.Plotting;

/// <summary>
/// Turns a <see cref="Chart"/> into an OxyPlot <see cref="PlotModel"/> with the house look: white background, light
/// grid, frame, legend outside on the right, the Okabe–Ito palette in order, dashed reference curves, decade ticks on
/// log axes. Stateless: the same chart gives the same model.
/// </summary>
public static class PlotModelFactory
{
    /// <summary>A fresh model of <paramref name="chart"/> drawn in <paramref name="font"/>.</summary>
    /// <param name="chart">The chart.</param>
    /// <param name="font">Font family of every text.</param>
    public static PlotModel Create(Chart chart, string font)
    {
        var model = new PlotModel
        {
            Title = chart.Title,
            TitleFontSize = 15,
            DefaultFont = font,
            DefaultFontSize = 12,
            Background = OxyColors.White,
            PlotAreaBorderColor = OxyColor.FromRgb(0x33, 0x33, 0x33),
            PlotAreaBorderThickness = new OxyThickness(1),
        };
        model.Legends.Add(new Legend
        {
            LegendPlacement = LegendPlacement.Outside,
            LegendPosition = LegendPosition.RightTop,
            LegendOrientation = LegendOrientation.Vertical,
            LegendBorderThickness = 0,
            LegendFontSize = 12,
        });
        model.Axes.Add(CreateAxis(chart.XAxis, AxisPosition.Bottom));
        model.Axes.Add(CreateAxis(chart.YAxis, AxisPosition.Left));
        if (chart.Map is { } map)
        {
            AddMap(model, map);
        }

        int paletteIndex = 0;
        foreach (var series in chart.Series)
        {
            var color = OxyColor.Parse(series.Color ?? Chart.Palette[paletteIndex++ % Chart.Palette.Count]);
            model.Series.Add(series.Kind switch
            {
                SeriesKind.Line => CreateLine(series, color, chart),
                SeriesKind.Scatter => CreateScatter(series, color, chart),
                _ => throw new ArgumentOutOfRangeException(nameof(chart), series.Kind, "Unknown series kind."),
            });
        }

        return model;
    }

    /// <summary>The heat map and its colour bar (right of the plot area): NaN cells transparent.</summary>
    private static void AddMap(PlotModel model, HeatMap map)
    {
        double largest = 0, smallest = double.PositiveInfinity, highest = double.NegativeInfinity;
        foreach (double v in map.Values)
        {
            if (double.IsFinite(v))
            {
                largest = Math.Max(largest, Math.Abs(v));
                smallest = Math.Min(smallest, v);
                highest = Math.Max(highest, v);
            }
        }

        if (largest == 0)
        {
            largest = 1;
        }

        var colors = new LinearColorAxis
        {
            Position = AxisPosition.Right,
            Title = map.ColorTitle,
            TitleFontSize = 13,
            Palette = map.Diverging ? OxyPalettes.BlueWhiteRed(255) : OxyPalettes.Viridis(255),
            InvalidNumberColor = OxyColors.Transparent,
            Minimum = map.Diverging ? -largest : (double.IsFinite(smallest) ? smallest : 0),
            Maximum = map.Diverging ? largest : (double.IsFinite(highest) && highest > smallest ? highest : smallest + 1),
        };
        model.Axes.Add(colors);
        model.Series.Add(new HeatMapSeries
        {
            X0 = map.X0,
            X1 = map.X1,
            Y0 = map.Y0,
            Y1 = map.Y1,
            Data = map.Values,
            Interpolate = true,
            RenderMethod = HeatMapRenderMethod.Bitmap,
        });
    }

    private static OxyPlot.Axes.Axis CreateAxis(Axis axis, AxisPosition position)
    {
        OxyPlot.Axes.Axis result = axis.Scale switch
        {
            AxisScale.Linear => new LinearAxis(),
            AxisScale.Log => new LogarithmicAxis { Base = 10, UseSuperExponentialFormat = false, StringFormat = "0.#E0" },
            _ => throw new ArgumentOutOfRangeException(nameof(axis), axis.Scale, "Unknown axis scale."),
        };
        result.Position = position;
        result.Title = axis.Title;
        result.TitleFontSize = 13;
        result.MajorGridlineStyle = LineStyle.Solid;
        result.MajorGridlineColor = OxyColor.FromRgb(0xe5, 0xe5, 0xe5);
        result.MinorGridlineStyle = LineStyle.None;
        result.MinimumPadding = 0.02;
        result.MaximumPadding = 0.02;
        if (axis.Minimum is double min)
        {
            result.Minimum = min;
        }

        if (axis.Maximum is double max)
        {
            result.Maximum = max;
        }

        return result;
    }

    private static LineSeries CreateLine(Series series, OxyColor color, Chart chart)
    {
        var line = new LineSeries
        {
            Title = series.Name.Length > 0 ? series.Name : null,
            RenderInLegend = series.Name.Length > 0,
            Color = color,
            StrokeThickness = series.Width,
            LineStyle = series.Dashed ? LineStyle.Dash : LineStyle.Solid,
            MarkerType = MarkerType.None,
            CanTrackerInterpolatePoints = false,
        };
        for (int i = 0; i < series.X.Count; i++)
        {
            // A point that cannot be drawn (not finite, or ≤ 0 on a log axis) breaks the line there.
            line.Points.Add(Drawable(chart, series.X[i], series.Y[i]) ? new DataPoint(series.X[i], series.Y[i]) : DataPoint.Undefined);
        }

        return line;
    }

    private static ScatterSeries CreateScatter(Series series, OxyColor color, Chart chart)
    {
        var scatter = new ScatterSeries
        {
            Title = series.Name.Length > 0 ? series.Name : null,
            RenderInLegend = series.Name.Length > 0,
            MarkerType = MarkerType.Circle,
            MarkerSize = 3,
            MarkerFill = color,
            MarkerStrokeThickness = 0,
        };
        for (int i = 0; i < series.X.Count; i++)
        {
            if (Drawable(chart, series.X[i], series.Y[i]))
            {
                scatter.Points.Add(new ScatterPoint(series.X[i], series.Y[i]));
            }
        }

        return scatter;
    }

    private static bool Drawable(Chart chart, double x, double y) =>
        double.IsFinite(x) && double.IsFinite(y) && (chart.XAxis.Scale != AxisScale.Log || x > 0) && (chart.YAxis.Scale != AxisScale.Log || y > 0);
}
