namespace Pinn.Core.Training.Checkpoints;

/// <summary>A point stream in a checkpoint: its random generator's state and the points it last drew.</summary>
/// <param name="RandomState">The generator's state words (<c>Xoshiro256.SaveState</c>).</param>
/// <param name="Points">The points, coordinates one after another.</param>
public sealed record PointStreamCheckpoint(ulong[] RandomState, double[] Points)
{
    /// <summary>The number of state words a point stream records.</summary>
    public const int StateWords = 6;
}
