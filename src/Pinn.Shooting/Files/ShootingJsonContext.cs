using System.Text.Json.Serialization;

namespace Pinn.Shooting.Files;

/// <summary>Source-generated System.Text.Json metadata for the shooting project's files (camelCase, non-finite numbers as strings).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(CatalogFile))]
[JsonSerializable(typeof(ShootFile))]
public sealed partial class ShootingJsonContext : JsonSerializerContext;
