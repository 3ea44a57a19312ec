namespace Pinn.Core.Configuration;

/// <summary>Bad input in a configuration: the message names the JSON path or option and the fix.</summary>
public sealed class ConfigurationException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="path">The JSON path or option name, e.g. <c>$.problem.dimension</c>.</param>
    /// <param name="message">What is wrong and how to fix it.</param>
    public ConfigurationException(string path, string message)
        : base($"{path}: {message}")
    {
        Path = path;
    }

    /// <summary>The JSON path or option that is wrong.</summary>
    public string Path { get; }
}
