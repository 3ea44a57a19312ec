using Pinn.Core.Compute;
using Pinn.Core.Compute.Cpu;
using Pinn.Core.Networks;

namespace Pinn.Core.Tests.Compute;

public class MemberPackingTests
{
    [Fact]
    public void PackingPutsEachTensorsCopiesTogetherAndUnpackingRestoresTheMembers()
    {
        var shape = new ResidualNetworkShape(3, 4, 2);
        const int members = 3;
        int p = shape.ParameterCount;
        IComputeBackend<double> backend = new CpuBackend<double>(1);
        var values = Enumerable.Range(0, members * p).Select(i => (double)i).ToArray();
        var source = backend.Allocate(values.Length);
        backend.Upload(values, source.All);
        var packed = backend.Allocate(values.Length);
        backend.PackMembers(shape, members, source.All, packed.All);
        var host = new double[values.Length];
        backend.Download(packed.All, host);

        // b1 of member 2 is the third copy in the b1 block, which starts at K·offset(b1).
        int b1 = shape.BiasOffset(1);
        for (int j = 0; j < shape.Width; j++)
        {
            Assert.Equal((2 * p) + b1 + j, host[(members * b1) + (2 * shape.Width) + j]);
        }

        // W0 of all members is one (K·N)×d matrix: row m·N + j is member m's row j.
        for (int m = 0; m < members; m++)
        {
            for (int e = 0; e < shape.Width * shape.InputDimension; e++)
            {
                Assert.Equal((m * p) + e, host[(m * shape.Width * shape.InputDimension) + e]);
            }
        }

        Assert.Equal(values.OrderBy(v => v), host.OrderBy(v => v)); // a permutation
        var back = backend.Allocate(values.Length);
        backend.UnpackMembers(shape, members, packed.All, back.All);
        backend.Download(back.All, host);
        Assert.Equal(values, host);
    }
}
