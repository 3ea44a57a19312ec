using Pinn.Core.Configuration;

namespace Pinn.Core.Networks;

/// <summary>
/// The residual network of the paper (eq. 56): y₁ = σ(W₀x + b₀); y_{s+1} = y_s + σ(W_s y_s + b_s), s = 1..D;
/// u = w·y_{D+1} + b. Flat parameter layout θ = [W₀ (N×d, row-major), b₀ (N), W₁ (N×N), b₁, …, W_D, b_D,
/// w (N), b (1)] — the tensors in the order PyTorch lists them, so per-tensor optimizer rules match the reference.
/// </summary>
/// <param name="InputDimension">d.</param>
/// <param name="Width">N.</param>
/// <param name="Depth">D, the number of residual layers.</param>
/// <param name="Activation">σ.</param>
public sealed record ResidualNetworkShape(int InputDimension, int Width, int Depth, Activation Activation = Activation.Sigmoid)
{
    /// <summary>Throws with the field's name when the shape is invalid.</summary>
    public ResidualNetworkShape Validate()
    {
        if (InputDimension is < 1 or > 64)
        {
            throw new OptionsValidationException(nameof(InputDimension), "InputDimension must be from 1 to 64.");
        }

        if (Width is < 1 or > 4096)
        {
            throw new OptionsValidationException(nameof(Width), "Width (N) must be from 1 to 4096.");
        }

        if (Depth is < 0 or > 64)
        {
            throw new OptionsValidationException(nameof(Depth), "Depth (D) must be from 0 to 64.");
        }

        if (!Enum.IsDefined(Activation))
        {
            throw new OptionsValidationException(nameof(Activation), "Activation must be sigmoid, tanh or sin.");
        }

        return this;
    }

    /// <summary>Total number of parameters: N·d + N + D·(N² + N) + N + 1.</summary>
    public int ParameterCount => (Width * InputDimension) + Width + (Depth * ((Width * Width) + Width)) + Width + 1;

    /// <summary>The tensors of θ in order.</summary>
    public IReadOnlyList<ParameterBlock> Blocks
    {
        get
        {
            var blocks = new List<ParameterBlock>();
            int offset = 0;
            void Add(string name, int length)
            {
                blocks.Add(new ParameterBlock(name, offset, length));
                offset += length;
            }

            Add("W0", Width * InputDimension);
            Add("b0", Width);
            for (int s = 1; s <= Depth; s++)
            {
                Add($"W{s}", Width * Width);
                Add($"b{s}", Width);
            }

            Add("w_out", Width);
            Add("b_out", 1);
            return blocks;
        }
    }

    /// <summary>Offset of the weight matrix of layer s (0 = input layer, 1..D residual layers).</summary>
    /// <param name="layer">The layer index.</param>
    public int WeightOffset(int layer) => layer == 0 ? 0 : (Width * InputDimension) + Width + ((layer - 1) * ((Width * Width) + Width));

    /// <summary>Offset of the bias of layer s.</summary>
    /// <param name="layer">The layer index.</param>
    public int BiasOffset(int layer) => WeightOffset(layer) + (layer == 0 ? Width * InputDimension : Width * Width);

    /// <summary>Offset of the output weights w.</summary>
    public int OutputWeightOffset => (Width * InputDimension) + Width + (Depth * ((Width * Width) + Width));

    /// <summary>Offset of the output bias b.</summary>
    public int OutputBiasOffset => OutputWeightOffset + Width;
}
