namespace Pinn.Runs;

/// <summary>What one member of a discovery run ended at.</summary>
/// <param name="Member">Its index over the whole run.</param>
/// <param name="Deflated">How many solutions it was deflated against.</param>
/// <param name="Loss">Its data loss on the validation points (undeflated, without the weight penalty).</param>
/// <param name="Converged">Whether the loss met the tolerance.</param>
/// <param name="Outcome">"new found-i", "same as found-i", "not converged" or why it stopped.</param>
/// <param name="Method">How it was trained, e.g. "bbi, then gauss-newton", "adam (deflated), then gauss-newton (deflated)".</param>
public sealed record DiscoveryMember(int Member, int Deflated, double Loss, bool Converged, string Outcome, string Method);
