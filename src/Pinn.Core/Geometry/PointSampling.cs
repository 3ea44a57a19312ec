namespace Pinn.Core.Geometry;

/// <summary>How a phase draws its collocation points in the ball and on its sphere.</summary>
public enum PointSampling
{
    /// <summary>Independent uniform points (<see cref="UnitBallSampler"/>).</summary>
    Random,

    /// <summary>A randomly shifted Halton sequence mapped onto the ball and the sphere (<see cref="HaltonBallSampler"/>): evenly spread, fresh at every draw.</summary>
    Halton,
}
