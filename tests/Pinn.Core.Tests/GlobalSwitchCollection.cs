namespace Pinn.Core.Tests;

/// <summary>
/// Tests that flip the engine's process-wide kernel switches (<c>FusedSigmoidKernels.Enabled</c>,
/// <c>CpuGemm.InPlaceB</c>) run alone, after every parallel test: a flip seen by a test in another class would change
/// its rounding and break its bit-for-bit comparisons (the switches are to become injected options).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalSwitchCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Global kernel switches";
}
