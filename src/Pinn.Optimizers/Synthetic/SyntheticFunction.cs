namespace Pinn.Optimizers.Synthetic;

/// <summary>A test objective F(θ) with its analytic gradient, evaluated in double.</summary>
public abstract class SyntheticFunction
{
    /// <summary>The name used on the command line.</summary>
    public abstract string Name { get; }

    /// <summary>F(θ).</summary>
    /// <param name="theta">The point.</param>
    public abstract double Value(ReadOnlySpan<double> theta);

    /// <summary>∇F(θ).</summary>
    /// <param name="theta">The point.</param>
    /// <param name="gradient">Receives the gradient.</param>
    public abstract void Gradient(ReadOnlySpan<double> theta, Span<double> gradient);

    /// <summary>The functions by command-line name: zakharov, ackley (b = 0.2), ackley-repo (b = 0.02), two-basin.</summary>
    /// <param name="name">The name.</param>
    public static SyntheticFunction FromName(string name) => name switch
    {
        "zakharov" => new Zakharov(),
        "ackley" => new Ackley(0.2),
        "ackley-repo" => new Ackley(0.02),
        "two-basin" => new TwoBasin(),
        _ => throw new ArgumentException($"Unknown function '{name}': use zakharov, ackley, ackley-repo or two-basin."),
    };
}
