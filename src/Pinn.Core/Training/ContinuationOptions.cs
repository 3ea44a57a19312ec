using Pinn.Core.Configuration;
using Pinn.Core.Problems;

namespace Pinn.Core.Training;

/// <summary>
/// Continuation in one problem parameter: the run first solves the problem with <paramref name="Parameter"/> set to
/// <c>Values[0]</c> (its whole first-order phase), then polishes through the problem at each of
/// <c>Values[1..]</c> and finally at the problem's own value, one polishing stage each, every stage warm-started from
/// the one before. Every stage but the last runs <paramref name="StageIterations"/> polishing iterations, the last
/// (the problem's own value) <see cref="Optimization.IPolisherOptions.Iterations"/>; each stage starts a fresh polisher
/// (its damping starts again, at <paramref name="StageDamping"/> after the first stage) on the same points. A member
/// whose polisher converges or stalls waits for the next stage. Requires a polishing phase.
/// <para>
/// Why a separate damping for the later stages: a stage starts from the previous stage's solution, where the new
/// problem's residual is large (for sin²(k r²) a step Δk shifts the phase at r = 1 by Δk radians), and an almost
/// undamped first Gauss–Newton step from there can leave the branch being followed. A larger μ₀ makes the first
/// steps short; Levenberg–Marquardt lowers μ by up to 3× per accepted step once the model fits.
/// </para>
/// </summary>
/// <param name="Parameter">The name of a parameter of the problem (e.g. k).</param>
/// <param name="Values">The values before the problem's own, in order; at least one, all finite.</param>
/// <param name="StageIterations">Polishing iterations of every stage but the last; 0 (the default) for the polishing phase's own count.</param>
/// <param name="StageDamping">μ₀ of every stage after the first, relative as the polishing phase's initial damping; 0 (the default) for that initial damping.</param>
public sealed record ContinuationOptions(string Parameter, IReadOnlyList<double> Values, long StageIterations = 0, double StageDamping = 0)
{
    /// <summary>Polishing stages: one per value and one for the problem's own value.</summary>
    public int Stages => Values.Count + 1;

    /// <summary>Polishing iterations of every stage but the last, given the polishing phase's own count.</summary>
    /// <param name="polishIterations">The polishing phase's iterations (those of the last stage).</param>
    public long IterationsPerStage(long polishIterations) => StageIterations > 0 ? StageIterations : polishIterations;

    /// <summary>Identifies the settings in a checkpoint's run identity (unchanged from earlier versions when the stage settings are the defaults).</summary>
    public string Identity
    {
        get
        {
            var culture = System.Globalization.CultureInfo.InvariantCulture;
            string text = $"{Parameter}:{string.Join(",", Values.Select(v => v.ToString("R", culture)))}";
            return StageIterations == 0 && StageDamping == 0 ? text : string.Create(culture, $"{text}:{StageIterations}:{StageDamping:R}");
        }
    }

    /// <summary>Throws naming the field when invalid.</summary>
    public ContinuationOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(Parameter))
        {
            throw new OptionsValidationException(nameof(Parameter), "Parameter must name one of the problem's parameters (e.g. \"k\").");
        }

        if (Values is null || Values.Count == 0)
        {
            throw new OptionsValidationException(nameof(Values), "Values must list at least one value of the parameter before the problem's own.");
        }

        for (int i = 0; i < Values.Count; i++)
        {
            if (!double.IsFinite(Values[i]))
            {
                throw new OptionsValidationException(nameof(Values), $"Values[{i}] must be a finite number.");
            }
        }

        Guard.AtLeast(StageIterations, 0, nameof(StageIterations), "0 uses the polishing phase's iterations");
        Guard.NonNegative(StageDamping, nameof(StageDamping), "StageDamping (0: the polishing phase's initial damping)");
        return this;
    }

    /// <summary>Why the continuation does not fit a problem with these parameters, or null when it does.</summary>
    /// <param name="parameters">The problem's parameters.</param>
    public string? MismatchWith(IReadOnlyDictionary<string, double> parameters)
    {
        if (parameters.ContainsKey(Parameter))
        {
            return null;
        }

        string known = parameters.Count == 0 ? "the problem has none" : "the problem has " + string.Join(", ", parameters.Keys.Order(StringComparer.Ordinal));
        return $"'{Parameter}' is not a parameter of the problem ({known}).";
    }

    /// <summary>
    /// The residual form of every stage: <paramref name="form"/> with the parameter at each value, then
    /// <paramref name="form"/> itself.
    /// </summary>
    /// <param name="form">The problem's own form.</param>
    /// <exception cref="ArgumentException">The problem has no parameter of that name.</exception>
    public IReadOnlyList<ResidualForm> StageForms(ResidualForm form)
    {
        if (MismatchWith(form.Parameters) is { } mismatch)
        {
            throw new ArgumentException("Continuation parameter " + mismatch, nameof(form));
        }

        var forms = new List<ResidualForm>(Stages);
        foreach (double value in Values)
        {
            var parameters = new Dictionary<string, double>(form.Parameters, StringComparer.Ordinal) { [Parameter] = value };
            forms.Add(form with { Parameters = parameters });
        }

        forms.Add(form);
        return forms;
    }
}
