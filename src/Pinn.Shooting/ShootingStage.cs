namespace Pinn.Shooting;

/// <summary>Progress of a shooting scan: which phase, and how far it is.</summary>
/// <param name="Phase">What is running, e.g. "scanning u(0)".</param>
/// <param name="Done">Items done in this phase.</param>
/// <param name="Total">Items in this phase.</param>
public sealed record ShootingStage(string Phase, int Done, int Total);
