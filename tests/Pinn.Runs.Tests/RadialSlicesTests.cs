namespace Pinn.Runs.Tests;

/// <summary>slices.csv: written exactly, read by header name, damage reported with the line.</summary>
public class RadialSlicesTests
{
    [Fact]
    public void SlicesRoundTripExactlyAndDamageNamesTheLine()
    {
        var points = RadialSlices.Points(3, 5);
        Assert.Equal([-1, -0.5, 0, 0.5, 1], points.Select(p => p[0]));
        Assert.All(points, p => Assert.Equal((3, 0.0, 0.0), (p.Length, p[1], p[2])));
        var slices = new RadialSlices([-1, -0.5, 0, 0.5, 1], [[0.1, 1.0 / 3, double.NaN, 4, 5], [Math.PI, 2, 3, -4, 1e-300]]);
        using var scratch = new ScratchDirectory();
        string dir = scratch.Path;
        string path = Path.Combine(dir, "slices.csv");
        slices.Write(path);
        var again = RadialSlices.Read(path);
        Assert.Equal(slices.X, again.X);
        Assert.Equal(2, again.Members.Count);
        Assert.Equal(slices.Members[0], again.Members[0]);
        Assert.Equal(slices.Members[1], again.Members[1]);

        // Columns by name: reordering the member columns changes nothing.
        var lines = File.ReadAllLines(path).Select(l => l.Split(',')).Select(c => string.Join(',', c[0], c[2], c[1])).ToArray();
        File.WriteAllLines(path, lines);
        Assert.Equal(slices.Members[1], RadialSlices.Read(path).Members[1]);

        File.AppendAllText(path, "0.7,1\n");
        Assert.Contains("line 7", Assert.Throws<InvalidDataException>(() => RadialSlices.Read(path)).Message);
        File.WriteAllLines(path, ["x1,member_0", "0,abc"]);
        Assert.Contains("'abc' is not a number", Assert.Throws<InvalidDataException>(() => RadialSlices.Read(path)).Message);
        File.WriteAllLines(path, ["x,member_0", "0,1"]);
        Assert.Contains("no column 'x1'", Assert.Throws<InvalidDataException>(() => RadialSlices.Read(path)).Message);
    }
}
