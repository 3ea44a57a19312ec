using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Pinn.Core.IO;

namespace Pinn.Runs.Files;

/// <summary>Writes and reads the typed JSON run files (atomically; a damaged file is one <see cref="InvalidDataException"/>).</summary>
public static class RunFile
{
    /// <summary>Writes <paramref name="value"/> to <paramref name="path"/> atomically.</summary>
    /// <typeparam name="TValue">The file's record type.</typeparam>
    /// <param name="path">The file.</param>
    /// <param name="value">The contents.</param>
    /// <param name="type">Its metadata from <see cref="RunFilesJsonContext"/>.</param>
    public static void Write<TValue>(string path, TValue value, JsonTypeInfo<TValue> type) =>
        AtomicFile.WriteText(path, JsonSerializer.Serialize(value, type) + "\n");

    /// <summary>Reads a file written by <see cref="Write{TValue}"/>.</summary>
    /// <typeparam name="TValue">The file's record type.</typeparam>
    /// <param name="path">The file.</param>
    /// <param name="type">Its metadata from <see cref="RunFilesJsonContext"/>.</param>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">The file is damaged or of another kind.</exception>
    public static TValue Read<TValue>(string path, JsonTypeInfo<TValue> type)
    {
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"'{path}' is missing.", path);
        }

        try
        {
            return JsonSerializer.Deserialize(File.ReadAllText(path), type) ?? throw new InvalidDataException($"'{path}' is empty (null).");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is damaged or not a {typeof(TValue).Name} file ({e.Message}).", e);
        }
    }
}
