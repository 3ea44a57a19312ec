using Pinn.Core.Symbolic;

namespace Pinn.Gpu;

/// <summary>
/// An expression in u and the point (x1..xd, r) compiled for kernels, which cannot call delegates: a postfix program
/// of opcodes and float constants (parameters folded in) that one interpreter runs on a small value stack, on the
/// host (<see cref="Evaluate(float)"/>) and inside ILGPU kernels alike.
/// </summary>
public sealed class GpuExprProgram
{
    /// <summary>Most values a program keeps on its stack.</summary>
    public const int MaximumStack = 16;

    internal const int PushConstant = 0, PushU = 1, Add = 2, Subtract = 3, Multiply = 4, Divide = 5, Power = 6, Negate = 7, PushCoordinate = 8, PushRadius = 9, FunctionBase = 16;

    private GpuExprProgram(int[] code, float[] constants, bool usesPoint)
    {
        Code = code;
        Constants = constants;
        UsesPoint = usesPoint;
    }

    /// <summary>The opcodes (a constant push is followed by its index into <see cref="Constants"/>).</summary>
    public int[] Code { get; }

    /// <summary>The constants.</summary>
    public float[] Constants { get; }

    /// <summary>Whether the program reads the point (a coordinate or r).</summary>
    public bool UsesPoint { get; }

    /// <summary>Compiles an expression in u, the coordinates x1..xd and r, and the named parameters.</summary>
    /// <param name="expression">The expression.</param>
    /// <param name="parameters">Parameter values.</param>
    /// <exception cref="NotSupportedException">A variable other than u, x1..xd, r and the parameters, erf, or a stack deeper than <see cref="MaximumStack"/>.</exception>
    public static GpuExprProgram Compile(Expr expression, IReadOnlyDictionary<string, double> parameters)
    {
        ArgumentNullException.ThrowIfNull(expression);
        ArgumentNullException.ThrowIfNull(parameters);
        var code = new List<int>();
        var constants = new List<float>();
        int depth = Emit(expression, parameters, code, constants);
        if (depth > MaximumStack)
        {
            throw new NotSupportedException($"N(u) needs a stack of {depth} values on the GPU route (at most {MaximumStack}); simplify the expression.");
        }

        bool usesPoint = expression.Variables().Any(v => v == Expr.RadiusName || SymbolNames.TryCoordinateIndex(v, out _));
        return new GpuExprProgram([.. code], [.. constants], usesPoint);
    }

    /// <summary>Runs the program at u on the host (the interpreter the kernels run), for programs that do not read the point.</summary>
    /// <param name="u">The value of u.</param>
    public float Evaluate(float u) => Run(new ArrayProgram(Code, Constants), new ArrayStack(new float[MaximumStack]), u, new ArrayPoint([]));

    /// <summary>Runs the program at a point x and u on the host.</summary>
    /// <param name="x">The point's coordinates.</param>
    /// <param name="u">The value of u.</param>
    public float Evaluate(float[] x, float u) => Run(new ArrayProgram(Code, Constants), new ArrayStack(new float[MaximumStack]), u, new ArrayPoint(x));

    /// <summary>The interpreter loop, written once for the host and the kernels (the type arguments are structs, so kernels get it inlined).</summary>
    internal static float Run<TProgram, TStack, TPoint>(TProgram program, TStack stack, float u, TPoint point)
        where TProgram : struct, IProgram
        where TStack : struct, IStack
        where TPoint : struct, IPoint
    {
        int top = 0;
        for (int pc = 0; pc < program.Length; pc++)
        {
            int op = program.Code(pc);
            if (op == PushConstant)
            {
                pc++;
                stack.Set(top++, program.Constant(program.Code(pc)));
            }
            else if (op == PushU)
            {
                stack.Set(top++, u);
            }
            else if (op == PushCoordinate)
            {
                pc++;
                stack.Set(top++, point.Coordinate(program.Code(pc)));
            }
            else if (op == PushRadius)
            {
                stack.Set(top++, point.Radius());
            }
            else if (op == Negate)
            {
                stack.Set(top - 1, -stack.Get(top - 1));
            }
            else if (op >= FunctionBase)
            {
                stack.Set(top - 1, Function(op - FunctionBase, stack.Get(top - 1)));
            }
            else
            {
                top--;
                stack.Set(top - 1, Binary(op, stack.Get(top - 1), stack.Get(top)));
            }
        }

        return stack.Get(0);
    }

    /// <summary>A program's code and constants, as the interpreter reads them.</summary>
    internal interface IProgram
    {
        int Length { get; }

        int Code(int i);

        float Constant(int i);
    }

    /// <summary>The point a program reads its coordinates from.</summary>
    internal interface IPoint
    {
        float Coordinate(int i);

        float Radius();
    }

    /// <summary>A point in device memory: <c>dimension</c> floats at <c>offset</c> (kernels).</summary>
    internal readonly struct ViewPoint(ILGPU.ArrayView<float> points, int offset, int dimension) : IPoint
    {
        public float Coordinate(int i) => points[offset + i];

        public float Radius()
        {
            float sum = 0;
            for (int i = 0; i < dimension; i++)
            {
                float v = points[offset + i];
                sum += v * v;
            }

            return ILGPU.Algorithms.XMath.Sqrt(sum);
        }
    }

    /// <summary>The interpreter's value stack.</summary>
    internal interface IStack
    {
        float Get(int i);

        void Set(int i, float value);
    }

    /// <summary>A program in device memory (kernels).</summary>
    internal readonly struct ViewProgram(ILGPU.ArrayView<int> code, ILGPU.ArrayView<float> constants) : IProgram
    {
        public int Length => code.IntLength;

        public int Code(int i) => code[i];

        public float Constant(int i) => constants[i];
    }

    /// <summary>A stack in a kernel thread's local memory.</summary>
    internal readonly struct ViewStack(ILGPU.ArrayView<float> values) : IStack
    {
        public float Get(int i) => values[i];

        public void Set(int i, float value) => values[i] = value;
    }

    private readonly struct ArrayProgram(int[] code, float[] constants) : IProgram
    {
        public int Length => code.Length;

        public int Code(int i) => code[i];

        public float Constant(int i) => constants[i];
    }

    private readonly struct ArrayPoint(float[] x) : IPoint
    {
        public float Coordinate(int i) => x[i];

        public float Radius()
        {
            float sum = 0;
            foreach (float v in x)
            {
                sum += v * v;
            }

            return MathF.Sqrt(sum);
        }
    }

    private readonly struct ArrayStack(float[] values) : IStack
    {
        public float Get(int i) => values[i];

        public void Set(int i, float value) => values[i] = value;
    }

    /// <summary>a op b.</summary>
    internal static float Binary(int op, float a, float b) => op switch
    {
        Add => a + b,
        Subtract => a - b,
        Multiply => a * b,
        Divide => a / b,
        _ => ILGPU.Algorithms.XMath.Pow(a, b),
    };

    /// <summary>f(x) for a <see cref="MathFunction"/> code.</summary>
    internal static float Function(int f, float x) => f switch
    {
        (int)MathFunction.Sin => ILGPU.Algorithms.XMath.Sin(x),
        (int)MathFunction.Cos => ILGPU.Algorithms.XMath.Cos(x),
        (int)MathFunction.Tan => ILGPU.Algorithms.XMath.Tan(x),
        (int)MathFunction.Exp => ILGPU.Algorithms.XMath.Exp(x),
        (int)MathFunction.Log => ILGPU.Algorithms.XMath.Log(x),
        (int)MathFunction.Sqrt => ILGPU.Algorithms.XMath.Sqrt(x),
        (int)MathFunction.Tanh => ILGPU.Algorithms.XMath.Tanh(x),
        (int)MathFunction.Abs => ILGPU.Algorithms.XMath.Abs(x),
        (int)MathFunction.Sinh => ILGPU.Algorithms.XMath.Sinh(x),
        (int)MathFunction.Cosh => ILGPU.Algorithms.XMath.Cosh(x),
        (int)MathFunction.Asinh => ILGPU.Algorithms.XMath.Log(x + ILGPU.Algorithms.XMath.Sqrt((x * x) + 1f)),
        _ => ILGPU.Algorithms.XMath.Atan(x),
    };

    /// <summary>Appends the postfix code of an expression; returns the stack depth it needs.</summary>
    private static int Emit(Expr e, IReadOnlyDictionary<string, double> parameters, List<int> code, List<float> constants)
    {
        switch (e)
        {
            case ConstantExpr c:
                code.Add(PushConstant);
                code.Add(constants.Count);
                constants.Add((float)c.Value);
                return 1;
            case VariableExpr v when v.Name == Expr.UnknownName:
                code.Add(PushU);
                return 1;
            case VariableExpr v when parameters.TryGetValue(v.Name, out double value):
                code.Add(PushConstant);
                code.Add(constants.Count);
                constants.Add((float)value);
                return 1;
            case VariableExpr v when v.Name == Expr.RadiusName:
                code.Add(PushRadius);
                return 1;
            case VariableExpr v when SymbolNames.TryCoordinateIndex(v.Name, out int index):
                code.Add(PushCoordinate);
                code.Add(index - 1);
                return 1;
            case VariableExpr v:
                throw new NotSupportedException($"'{v.Name}' in N: the GPU route evaluates N at u, the point and the problem's parameters only.");
            case NegateExpr n:
            {
                int depth = Emit(n.Operand, parameters, code, constants);
                code.Add(Negate);
                return depth;
            }

            case FunctionExpr { Function: MathFunction.Erf }:
                throw new NotSupportedException("erf in N(u) is not available on the GPU route yet; train on the CPU (--device cpu).");
            case FunctionExpr f:
            {
                int depth = Emit(f.Argument, parameters, code, constants);
                code.Add(FunctionBase + (int)f.Function);
                return depth;
            }

            case BinaryExpr b:
            {
                int left = Emit(b.Left, parameters, code, constants);
                int right = Emit(b.Right, parameters, code, constants);
                code.Add(b.Operator switch { BinaryOperator.Add => Add, BinaryOperator.Subtract => Subtract, BinaryOperator.Multiply => Multiply, BinaryOperator.Divide => Divide, _ => Power });
                return Math.Max(left, right + 1);
            }

            default:
                throw new NotSupportedException($"{e.GetType().Name} in N(u) is not supported on the GPU route.");
        }
    }
}
