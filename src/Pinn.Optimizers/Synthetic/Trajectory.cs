using Pinn.Core.Optimization;

namespace Pinn.Optimizers.Synthetic;

/// <summary>The record of one optimizer run on a synthetic function.</summary>
/// <param name="Values">F(θ₀), F(θ₁), … — F after each call (F(θ₀) first).</param>
/// <param name="Outcomes">What each call did (1-based call k is Outcomes[k − 1]).</param>
/// <param name="Final">θ after the last call.</param>
public sealed record Trajectory(IReadOnlyList<double> Values, IReadOnlyList<StepOutcome> Outcomes, double[] Final)
{
    /// <summary>1-based numbers of the calls that bounced.</summary>
    public IEnumerable<int> BounceCalls => Outcomes.Select((o, i) => (o, i)).Where(p => p.o == StepOutcome.Bounced).Select(p => p.i + 1);

    /// <summary>The lowest F reached.</summary>
    public double Best => Values.Min();
}
