using System.Text.Json.Serialization;

namespace Pinn.Runs.Files;

/// <summary>
/// Source-generated System.Text.Json metadata for the run files: camelCase names, enums as camelCase strings,
/// non-finite numbers as the strings "NaN", "Infinity", "-Infinity", indented.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    UseStringEnumConverter = true,
    WriteIndented = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true)]
[JsonSerializable(typeof(RunSummary))]
[JsonSerializable(typeof(DiscoveryFile))]
[JsonSerializable(typeof(DiscoveryState))]
[JsonSerializable(typeof(DiscoveryShardFile))]
[JsonSerializable(typeof(MergeFile))]
[JsonSerializable(typeof(RunManifest))]
[JsonSerializable(typeof(SweepFile))]
[JsonSerializable(typeof(SweepMergeFile))]
public sealed partial class RunFilesJsonContext : JsonSerializerContext;
