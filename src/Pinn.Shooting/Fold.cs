namespace Pinn.Shooting;

/// <summary>A parameter value where the number of radial solutions changes (a turning point of a branch).</summary>
/// <param name="Parameter">Where it changes, to within the sweep's tolerance.</param>
/// <param name="Below">Solutions just below it.</param>
/// <param name="Above">Solutions just above it.</param>
public sealed record Fold(double Parameter, int Below, int Above);
