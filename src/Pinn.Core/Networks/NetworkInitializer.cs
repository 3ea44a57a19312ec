using Pinn.Core.Randomness;

namespace Pinn.Core.Networks;

/// <summary>
/// Initialisation as in the reference code: every weight matrix Xavier-normal with gain 1
/// (std = sqrt(2/(fan_in + fan_out))), every bias uniform in ±1/sqrt(fan_in) (PyTorch's Linear default).
/// </summary>
public static class NetworkInitializer
{
    /// <summary>Fills θ from a seeded generator.</summary>
    /// <param name="shape">The network shape.</param>
    /// <param name="random">The generator.</param>
    /// <param name="theta">Destination of length <see cref="ResidualNetworkShape.ParameterCount"/>.</param>
    public static void Initialize(ResidualNetworkShape shape, Xoshiro256 random, Span<double> theta)
    {
        if (theta.Length != shape.ParameterCount)
        {
            throw new ArgumentException($"θ must have {shape.ParameterCount} elements.", nameof(theta));
        }

        int d = shape.InputDimension, n = shape.Width;
        Layer(theta, shape.WeightOffset(0), n, d, random);
        for (int s = 1; s <= shape.Depth; s++)
        {
            Layer(theta, shape.WeightOffset(s), n, n, random);
        }

        Layer(theta, shape.OutputWeightOffset, 1, n, random);
    }

    private static void Layer(Span<double> theta, int offset, int fanOut, int fanIn, Xoshiro256 random)
    {
        double std = Math.Sqrt(2.0 / (fanIn + fanOut));
        for (int i = 0; i < fanOut * fanIn; i++)
        {
            theta[offset + i] = std * random.NextGaussian();
        }

        double bound = 1 / Math.Sqrt(fanIn);
        for (int i = 0; i < fanOut; i++)
        {
            theta[offset + (fanOut * fanIn) + i] = bound * ((2 * random.NextDouble()) - 1);
        }
    }
}
