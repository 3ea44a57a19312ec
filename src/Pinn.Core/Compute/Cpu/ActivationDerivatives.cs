using System.Numerics;
using System.Numerics.Tensors;
using Pinn.Core.Networks;

namespace Pinn.Core.Compute.Cpu;

/// <summary>σ and its first three derivatives along a row, vectorised (stateless).</summary>
/// <typeparam name="T">float or double.</typeparam>
internal static class ActivationDerivatives<T>
    where T : unmanaged, IBinaryFloatingPointIeee754<T>
{
    /// <summary>Fills s0 = σ(z), s1 = σ'(z), s2 = σ''(z) and, when not empty, s3 = σ'''(z).</summary>
    public static void Evaluate(Activation activation, ReadOnlySpan<T> z, Span<T> s0, Span<T> s1, Span<T> s2, Span<T> s3)
    {
        T one = T.One, two = one + one;
        switch (activation)
        {
            case Activation.Sigmoid:
                // σ' = σ(1 − σ); σ'' = σ'(1 − 2σ); σ''' = σ'(1 − 6σ').
                TensorPrimitives.Sigmoid(z, s0);
                TensorPrimitives.Subtract(one, s0, s1);
                TensorPrimitives.Multiply(s0, s1, s1);
                TensorPrimitives.Multiply(s0, -two, s2);
                TensorPrimitives.Add(s2, one, s2);
                TensorPrimitives.Multiply(s1, s2, s2);
                if (!s3.IsEmpty)
                {
                    T six = two + two + two;
                    TensorPrimitives.Multiply(s1, -six, s3);
                    TensorPrimitives.Add(s3, one, s3);
                    TensorPrimitives.Multiply(s1, s3, s3);
                }

                break;
            case Activation.Tanh:
                // t' = 1 − t²; t'' = −2t·t'; t''' = t'(4t² − 2t').
                TensorPrimitives.Tanh(z, s0);
                TensorPrimitives.Multiply(s0, s0, s1);
                if (!s3.IsEmpty)
                {
                    TensorPrimitives.Multiply(s1, two + two, s3); // 4t², finished below
                }

                TensorPrimitives.Subtract(one, s1, s1);
                TensorPrimitives.Multiply(s0, s1, s2);
                TensorPrimitives.Multiply(s2, -two, s2);
                if (!s3.IsEmpty)
                {
                    TensorPrimitives.MultiplyAdd(s1, -two, s3, s3);
                    TensorPrimitives.Multiply(s1, s3, s3);
                }

                break;
            case Activation.Sin:
                TensorPrimitives.Sin(z, s0);
                TensorPrimitives.Cos(z, s1);
                TensorPrimitives.Negate(s0, s2);
                if (!s3.IsEmpty)
                {
                    TensorPrimitives.Negate(s1, s3);
                }

                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation: use sigmoid, tanh or sin.");
        }
    }
}
