using Pinn.Core.Configuration;
using Pinn.Core.Problems;

namespace Pinn.Core.Training;

/// <summary>
/// Continuation in one problem parameter: the run first solves the problem with <paramref name="Parameter"/> set to
/// <c>Values[0]</c> (its whole first-order phase), then polishes through the problem at each of
/// <c>Values[1..]</c> and finally at the problem's own value, one polishing stage each, every stage warm-started from
/// the one before. Each stage runs <see cref="Optimization.IPolisherOptions.Iterations"/> polishing iterations with a
/// fresh polisher (its damping starts again from the initial value) on the same points. Requires a polishing phase.
/// </summary>
/// <param name="Parameter">The name of a parameter of the problem (e.g. k).</param>
/// <param name="Values">The values before the problem's own, in order; at least one, all finite.</param>
public sealed record ContinuationOptions(string Parameter, IReadOnlyList<double> Values)
{
    /// <summary>Polishing stages: one per value and one for the problem's own value.</summary>
    public int Stages => Values.Count + 1;

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
