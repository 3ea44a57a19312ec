namespace Pinn.Core.Randomness;

/// <summary>
/// The xoshiro256** generator (Blackman &amp; Vigna), seeded through SplitMix64. Fast, 2^256 − 1 period, and its
/// whole state is four integers, so checkpoints restore it exactly. Gaussians by the Box–Muller transform.
/// </summary>
public sealed class Xoshiro256 : IRandomSource
{
    private ulong s0, s1, s2, s3;
    private double spareGaussian;
    private bool hasSpare;

    /// <summary>Seeds the generator.</summary>
    /// <param name="seed">Any 64-bit seed.</param>
    public Xoshiro256(ulong seed)
    {
        ulong x = seed;
        s0 = SplitMix(ref x);
        s1 = SplitMix(ref x);
        s2 = SplitMix(ref x);
        s3 = SplitMix(ref x);
    }

    private Xoshiro256()
    {
    }

    /// <summary>A generator for stream <paramref name="stream"/> of <paramref name="seed"/>: independent streams for ensemble members and purposes.</summary>
    /// <param name="seed">The run's seed.</param>
    /// <param name="stream">The stream index.</param>
    public static Xoshiro256 ForStream(ulong seed, ulong stream) => new(seed ^ (0x9E3779B97F4A7C15UL * (stream + 1)));

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = RotateLeft(s1 * 5, 7) * 9;
        ulong t = s1 << 17;
        s2 ^= s0;
        s3 ^= s1;
        s1 ^= s2;
        s0 ^= s3;
        s2 ^= t;
        s3 = RotateLeft(s3, 45);
        return result;
    }

    /// <inheritdoc />
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A standard normal deviate.</summary>
    public double NextGaussian()
    {
        if (hasSpare)
        {
            hasSpare = false;
            return spareGaussian;
        }

        double u1;
        do
        {
            u1 = NextDouble();
        }
        while (u1 <= 0);
        double u2 = NextDouble();
        double radius = Math.Sqrt(-2 * Math.Log(u1));
        spareGaussian = radius * Math.Sin(2 * Math.PI * u2);
        hasSpare = true;
        return radius * Math.Cos(2 * Math.PI * u2);
    }

    /// <summary>The full state, for checkpoints.</summary>
    public ulong[] SaveState() => [s0, s1, s2, s3, hasSpare ? 1UL : 0UL, BitConverter.DoubleToUInt64Bits(spareGaussian)];

    /// <summary>Restores a state saved by <see cref="SaveState"/>.</summary>
    /// <param name="state">The state.</param>
    public static Xoshiro256 Restore(ReadOnlySpan<ulong> state)
    {
        if (state.Length != 6)
        {
            throw new ArgumentException("A xoshiro256 state has 6 words.", nameof(state));
        }

        return new Xoshiro256
        {
            s0 = state[0], s1 = state[1], s2 = state[2], s3 = state[3],
            hasSpare = state[4] != 0, spareGaussian = BitConverter.UInt64BitsToDouble(state[5]),
        };
    }

    private static ulong SplitMix(ref ulong x)
    {
        ulong z = x += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
