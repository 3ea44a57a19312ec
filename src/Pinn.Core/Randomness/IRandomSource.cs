namespace Pinn.Core.Randomness;

/// <summary>An injected source of randomness. Implementations are seeded and their state can be saved.</summary>
public interface IRandomSource
{
    /// <summary>A uniform double in [0, 1).</summary>
    double NextDouble();

    /// <summary>Fills <paramref name="destination"/> with uniform doubles in [0, 1).</summary>
    /// <param name="destination">The span to fill.</param>
    void FillUniform(Span<double> destination)
    {
        for (int i = 0; i < destination.Length; i++)
        {
            destination[i] = NextDouble();
        }
    }
}
