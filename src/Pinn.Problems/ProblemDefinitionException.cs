namespace Pinn.Problems;

/// <summary>A problem definition that cannot be solved as written; <see cref="Field"/> names the culprit.</summary>
public sealed class ProblemDefinitionException : ArgumentException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="field">The field, e.g. <c>source</c> or <c>dimension</c>.</param>
    /// <param name="message">What is wrong and the fix.</param>
    public ProblemDefinitionException(string field, string message)
        : base($"{field}: {message}")
    {
        Field = field;
    }

    /// <summary>The field that is wrong.</summary>
    public string Field { get; }
}
