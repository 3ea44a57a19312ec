namespace Pinn.Core.Compute.Cpu;

/// <summary>Splits [0, count) into contiguous chunks, one per worker, and runs them in parallel.</summary>
internal static class ParallelRange
{
    public static void For(int count, int threads, int minimumPerThread, Action<int, int, int> body)
    {
        int workers = Math.Max(1, Math.Min(threads, count / Math.Max(1, minimumPerThread)));
        if (workers <= 1)
        {
            body(0, 0, count);
            return;
        }

        int chunk = (count + workers - 1) / workers;
        Parallel.For(0, workers, new ParallelOptions { MaxDegreeOfParallelism = workers }, w =>
        {
            int start = w * chunk, end = Math.Min(count, start + chunk);
            if (start < end)
            {
                body(w, start, end);
            }
        });
    }

    public static int Workers(int count, int threads, int minimumPerThread) =>
        Math.Max(1, Math.Min(threads, count / Math.Max(1, minimumPerThread)));
}
