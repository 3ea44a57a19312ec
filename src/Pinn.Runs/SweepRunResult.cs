using Pinn.Runs.Files;
using Pinn.Shooting;

namespace Pinn.Runs;

/// <summary>What <see cref="SweepRun.Run"/> or <see cref="SweepMerge.Merge"/> wrote.</summary>
/// <param name="Directory">The sweep directory.</param>
/// <param name="File">Its sweep.json.</param>
/// <param name="Diagram">The points and folds.</param>
/// <param name="Csv">sweep.csv.</param>
/// <param name="Svg">The diagram as SVG.</param>
/// <param name="Png">The diagram as PNG.</param>
public sealed record SweepRunResult(string Directory, SweepFile File, BifurcationDiagram Diagram, string Csv, string Svg, string Png)
{
    /// <summary>How many solutions were found at the held value with the fewest and at the one with the most (a value without any counts as 0).</summary>
    public (int Fewest, int Most) SolutionCounts()
    {
        var perValue = Diagram.Points.GroupBy(p => p.Parameter).ToDictionary(g => g.Key, g => g.Count());
        var counts = Enumerable.Range(File.FirstValue, File.Values).Select(i => perValue.GetValueOrDefault(File.Range.ValueAt(i))).ToList();
        return counts.Count == 0 ? (0, 0) : (counts.Min(), counts.Max());
    }
}
