namespace Pinn.Core.Configuration;

/// <summary>
/// An invalid setting of an options record: which property (<see cref="Property"/>, the record's property name) and
/// what is wrong with it, in words that name neither a JSON key nor a command-line flag. Readers of configuration
/// files map <see cref="Property"/> to their own key (the run-config reader to a JSON path); the message is used as is.
/// </summary>
public sealed class OptionsValidationException : ArgumentException
{
    /// <summary>Creates the error.</summary>
    /// <param name="property">The options record's property, e.g. "TimeStep".</param>
    /// <param name="reason">What is wrong and what is valid, e.g. "TimeStep (Δt) must be a finite number &gt; 0."</param>
    public OptionsValidationException(string property, string reason)
        : base(reason, property)
    {
        Property = property;
        Reason = reason;
    }

    /// <summary>The options record's property that is invalid.</summary>
    public string Property { get; }

    /// <summary>What is wrong, without the property-name suffix that <see cref="ArgumentException"/> appends.</summary>
    public string Reason { get; }

    /// <inheritdoc />
    public override string Message => Reason;
}
