namespace Pinn.Gpu;

/// <summary>The requested GPU device is not on this machine; the message says so in one line and what to use instead.</summary>
public sealed class GpuUnavailableException : Exception
{
    /// <summary>Creates the error.</summary>
    /// <param name="message">One line.</param>
    public GpuUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the error.</summary>
    public GpuUnavailableException()
    {
    }

    /// <summary>Creates the error.</summary>
    /// <param name="message">One line.</param>
    /// <param name="inner">The cause.</param>
    public GpuUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
