using Pinn.Core.Randomness;

namespace Pinn.Optimizers.Tests;

/// <summary>Replays recorded uniform draws in order; fails loudly when they run out.</summary>
internal sealed class ReplayRandom(IEnumerable<double> draws) : IRandomSource
{
    private readonly Queue<double> queue = new(draws);

    public int Remaining => queue.Count;

    public double NextDouble() => queue.Count > 0 ? queue.Dequeue() : throw new InvalidOperationException("The recorded draws are exhausted: more bounces than the reference made.");
}
