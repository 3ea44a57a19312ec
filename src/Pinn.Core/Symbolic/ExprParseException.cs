namespace Pinn.Core.Symbolic;

/// <summary>A syntax error in an expression, with the 1-based column where it was found.</summary>
public sealed class ExprParseException : FormatException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="reason">What is wrong, e.g. <c>unknown function 'sinh'</c>.</param>
    /// <param name="column">The 1-based column.</param>
    /// <param name="text">The text being parsed.</param>
    public ExprParseException(string reason, int column, string text)
        : base($"{reason} at column {column}")
    {
        Reason = reason;
        Column = column;
        Text = text;
    }

    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; }

    /// <summary>The 1-based column of the error.</summary>
    public int Column { get; }

    /// <summary>The text that was parsed.</summary>
    public string Text { get; }
}
