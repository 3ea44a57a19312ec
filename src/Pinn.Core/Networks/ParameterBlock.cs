namespace Pinn.Core.Networks;

/// <summary>One tensor of the flat parameter vector (a weight matrix or a bias vector).</summary>
/// <param name="Name">e.g. <c>W0</c>, <c>b0</c>, <c>w_out</c>.</param>
/// <param name="Offset">Index of its first element in θ.</param>
/// <param name="Length">Number of elements.</param>
public readonly record struct ParameterBlock(string Name, int Offset, int Length);
