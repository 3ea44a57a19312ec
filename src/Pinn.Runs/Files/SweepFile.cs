using Pinn.Core.Training;
using Pinn.Shooting;

namespace Pinn.Runs.Files;

/// <summary>
/// The contents of sweep.json in a sweep directory (<c>pinn shoot --sweep</c>, <see cref="SweepRun"/>): what was swept,
/// which of its values this directory holds (sweep.csv has their points) and the folds found between them.
/// </summary>
/// <param name="Range">The parameter and its values.</param>
/// <param name="Tolerance">How precisely a change of the solution count was located.</param>
/// <param name="Shard">The shard this directory holds (<c>--shard I/N</c>), or null for a whole or merged sweep.</param>
/// <param name="FirstValue">Index of the first value held.</param>
/// <param name="Values">Values held, from <paramref name="FirstValue"/> on.</param>
/// <param name="Complete">False while the sweep runs (or after it was killed); true once sweep.csv and the folds are written.</param>
/// <param name="Folds">Where the solution count changes between held values and the values after them.</param>
public sealed record SweepFile(SweepRange Range, double Tolerance, ShardOptions? Shard, int FirstValue, int Values, bool Complete, IReadOnlyList<Fold> Folds);
