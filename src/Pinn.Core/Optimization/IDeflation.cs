namespace Pinn.Core.Optimization;

/// <summary>A deflation factor M(θ) of a network's parameters and its gradient (see <see cref="DeflationFactor"/>).</summary>
public interface IDeflation
{
    /// <summary>How many known solutions deflate (0: M ≡ 1).</summary>
    int Count { get; }

    /// <summary>M at θ and, when <paramref name="gradientOfM"/> is not empty, ∇θ M.</summary>
    /// <param name="parameters">θ (float64).</param>
    /// <param name="gradientOfM">Receives ∇θ M (length of θ), or empty.</param>
    double Factor(ReadOnlySpan<double> parameters, Span<double> gradientOfM);
}
