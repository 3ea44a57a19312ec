namespace Pinn.Runs;

/// <summary>A run directory cannot be used as asked: it holds another run's files, or another process is using it.</summary>
public sealed class RunDirectoryException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">What is wrong and what to do, in one line.</param>
    public RunDirectoryException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error with its cause.</summary>
    /// <param name="message">What is wrong and what to do, in one line.</param>
    /// <param name="inner">The cause.</param>
    public RunDirectoryException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Creates the error (for serializers and analyzers).</summary>
    public RunDirectoryException()
        : base("the run directory cannot be used")
    {
    }
}
