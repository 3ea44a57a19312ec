namespace Pinn.Core.Configuration;

/// <summary>
/// NaN-safe guard clauses for options records: every check is written so that NaN fails it, and the exception's
/// ParamName is the option's name (the configuration reader maps it to the JSON path).
/// </summary>
public static class Guard
{
    /// <summary>A finite number &gt; 0.</summary>
    /// <param name="value">The value.</param>
    /// <param name="name">The option's name.</param>
    /// <param name="description">How the option is described in the message, e.g. "TimeStep (Δt)".</param>
    public static void Positive(double value, string name, string? description = null)
    {
        if (!(value > 0) || !double.IsFinite(value))
        {
            throw new OptionsValidationException(name, $"{description ?? name} must be a finite number > 0.");
        }
    }

    /// <summary>A finite number ≥ 0.</summary>
    /// <param name="value">The value.</param>
    /// <param name="name">The option's name.</param>
    /// <param name="description">How the option is described in the message.</param>
    public static void NonNegative(double value, string name, string? description = null)
    {
        if (!(value >= 0) || !double.IsFinite(value))
        {
            throw new OptionsValidationException(name, $"{description ?? name} must be a finite number ≥ 0.");
        }
    }

    /// <summary>A number in [0, 1) (e.g. momenta and Adam's β).</summary>
    /// <param name="value">The value.</param>
    /// <param name="name">The option's name.</param>
    public static void UnitInterval(double value, string name)
    {
        if (!(value >= 0 && value < 1))
        {
            throw new OptionsValidationException(name, $"{name} must be in [0, 1).");
        }
    }

    /// <summary>An integer ≥ <paramref name="minimum"/>.</summary>
    /// <param name="value">The value.</param>
    /// <param name="minimum">The smallest valid value.</param>
    /// <param name="name">The option's name.</param>
    /// <param name="hint">Extra advice appended to the message.</param>
    public static void AtLeast(long value, long minimum, string name, string? hint = null)
    {
        if (value < minimum)
        {
            throw new OptionsValidationException(name, $"{name} must be ≥ {minimum}{(hint is null ? "." : "; " + hint)}");
        }
    }

    /// <summary>A call made when the object is in the wrong state for it (e.g. a warm start after the first step).</summary>
    /// <param name="holds">Whether the call is allowed now.</param>
    /// <param name="otherwise">The message when it is not: what is wrong and what to do.</param>
    /// <exception cref="InvalidOperationException"><paramref name="holds"/> is false.</exception>
    public static void State(bool holds, string otherwise)
    {
        if (!holds)
        {
            throw new InvalidOperationException(otherwise);
        }
    }
}
