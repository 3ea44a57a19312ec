namespace Pinn.Runs;

/// <summary>
/// One member of a discovery round after training: everything the classification needs, so that a round trained in
/// shards on several machines is classified afterwards exactly as if one machine had trained it.
/// </summary>
/// <param name="Member">Its index in the round's ensemble.</param>
/// <param name="Stopped">Whether training stopped it (diverged, or BBI could not start).</param>
/// <param name="StopReason">Its status in words.</param>
/// <param name="DataLoss">Residual and boundary loss on the validation points (NaN when not measured).</param>
/// <param name="MeanSquareValue">Mean u² over the interior validation points (1 when not measured).</param>
/// <param name="U0">u(0).</param>
/// <param name="PolishNote">Why polishing ended early, or null.</param>
/// <param name="Step">The trainer's step when the round ended.</param>
/// <param name="Deflated">Solutions the member was deflated against.</param>
/// <param name="Method">How it was trained, e.g. "bbi, then gauss-newton".</param>
/// <param name="Parameters">Its θ (float64).</param>
public sealed record DiscoveryRoundMember(int Member, bool Stopped, string StopReason, double DataLoss, double MeanSquareValue, double U0, string? PolishNote, long Step, int Deflated, string Method, double[] Parameters)
{
    /// <summary>
    /// Whether it solved the problem: not stopped, and its data loss at most <see cref="DiscoveryOptions.LossTolerance"/>
    /// times the problem's size (the larger of 1, mean f² and mean u²).
    /// </summary>
    /// <param name="settings">The discovery's settings.</param>
    /// <param name="sourceScale">Mean f² over the classifier's sample points.</param>
    public bool Converged(DiscoveryOptions settings, double sourceScale) =>
        !Stopped && DataLoss <= settings.LossTolerance * Math.Max(Math.Max(1, sourceScale), MeanSquareValue);
}
