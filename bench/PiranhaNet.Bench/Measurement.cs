using System.Diagnostics;
using System.Globalization;

namespace PiranhaNet.Bench;

/// <summary>Times an operation several times after a warm-up and prints p50, p90, p99 and max.</summary>
internal static class Measurement
{
    public static async Task<double[]> TimeAsync(string name, int iterations, Func<int, Task> operation, string target = "", bool warmUp = true)
    {
        if (warmUp)
        {
            await operation(-1);
        }
        var samples = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await operation(i);
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        Print(name, samples, target);
        return samples;
    }

    public static void Print(string name, double[] samples, string target)
    {
        var sorted = samples.Order().ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{name,-52} n={sorted.Length,-3} p50={Percentile(sorted, 0.5),8:F1} ms  p90={Percentile(sorted, 0.9),8:F1} ms  p99={Percentile(sorted, 0.99),8:F1} ms  max={sorted[^1],8:F1} ms  {target}"));
    }

    private static double Percentile(double[] sorted, double p) => sorted[(int)Math.Ceiling(p * sorted.Length) - 1];
}
