namespace Pinn.Core.Optimization;

/// <summary>
/// Validated settings of a second-order polishing phase that runs after the first-order steps (a Gauss–Newton
/// method on the least-squares form of the loss, in float64 on the CPU), and the factory of its per-member polishers.
/// </summary>
public interface IPolisherOptions
{
    /// <summary>The method's kind, e.g. <c>gauss-newton</c>.</summary>
    string Kind { get; }

    /// <summary>Iterations per member.</summary>
    long Iterations { get; }

    /// <summary>Interior collocation points of the phase (0: as many as the first-order phase).</summary>
    int InteriorPoints { get; }

    /// <summary>Boundary points of the phase (0: as many as the first-order phase).</summary>
    int BoundaryPoints { get; }

    /// <summary>Fresh points every this many iterations; 0 keeps them fixed.</summary>
    long ResampleEvery { get; }

    /// <summary>How the phase draws its points.</summary>
    Pinn.Core.Geometry.PointSampling Sampling { get; }

    /// <summary>λ of the phase's weight penalty λ‖θ‖² (the first-order phase's may differ).</summary>
    double WeightDecay { get; }

    /// <summary>The same settings with another initial damping (relative, as the method's own), e.g. for a later continuation stage.</summary>
    /// <param name="initialDamping">The initial damping, &gt; 0.</param>
    IPolisherOptions WithInitialDamping(double initialDamping);

    /// <summary>Creates one member's polisher over the phase's least-squares system (its points and weights).</summary>
    /// <param name="system">The phase's loss as a least-squares system; members polished one after another on the same system share its workspace.</param>
    /// <param name="deflation">Deflation against known solutions (the loss becomes M²·‖r‖² + λ‖θ‖²), or null.</param>
    IPolisher Create(ILeastSquaresSystem system, IDeflation? deflation = null);
}
