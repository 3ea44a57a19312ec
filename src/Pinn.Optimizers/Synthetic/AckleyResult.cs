namespace Pinn.Optimizers.Synthetic;

/// <summary>Result of the Ackley success experiment for one optimizer.</summary>
/// <param name="Optimizer">Its name.</param>
/// <param name="Successes">Starts that reached F &lt; threshold within the allowed tries.</param>
/// <param name="Starts">Number of starts.</param>
/// <param name="MedianBest">Median over starts of the best F reached.</param>
public sealed record AckleyResult(string Optimizer, int Successes, int Starts, double MedianBest);
