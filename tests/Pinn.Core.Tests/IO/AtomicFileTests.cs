using Pinn.Core.IO;

namespace Pinn.Core.Tests.IO;

public class AtomicFileTests
{
    [Fact]
    public void WriterKilledMidWriteLeavesThePreviousFileIntact()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"pinn-atomic-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        string path = Path.Combine(dir, "checkpoint.bin");
        try
        {
            AtomicFile.Write(path, s => s.Write([1, 2, 3, 4]));
            Assert.Throws<IOException>(() => AtomicFile.Write(path, s =>
            {
                s.Write([9, 9]);
                throw new IOException("disk full (simulated)");
            }));
            Assert.Equal([1, 2, 3, 4], File.ReadAllBytes(path));
            Assert.Single(Directory.GetFiles(dir)); // no temporary file left behind
            AtomicFile.WriteText(path, "new");
            Assert.Equal("new", File.ReadAllText(path));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
