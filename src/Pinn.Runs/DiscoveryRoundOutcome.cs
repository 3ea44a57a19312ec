namespace Pinn.Runs;

/// <summary>The outcome of one step of a sharded discovery.</summary>
/// <param name="Status">What happened.</param>
/// <param name="Round">The round it concerned.</param>
/// <param name="Message">One line for the user.</param>
/// <param name="Result">The discovery's result when it ended with this step (<see cref="DiscoveryRoundStatus.Finished"/>), else null.</param>
public sealed record DiscoveryRoundOutcome(DiscoveryRoundStatus Status, int Round, string Message, DiscoveryResult? Result = null);
