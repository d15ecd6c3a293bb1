using System.Globalization;

namespace SupportBot.Bench;

/// <summary><c>--turns N --clients N --warmup N --seconds N</c>; every loop is bounded by a count and a time limit.</summary>
internal sealed record BenchOptions(int Turns, int Clients, int WarmupTurns, TimeSpan MaxDuration)
{
    public static BenchOptions Parse(string[] args)
    {
        var values = new Dictionary<string, int>(StringComparer.Ordinal)
        {
            ["--turns"] = 5000,
            ["--clients"] = 4,
            ["--warmup"] = 500,
            ["--seconds"] = 60,
        };
        for (var i = 0; i < args.Length; i++)
        {
            if (!values.ContainsKey(args[i]) || i + 1 >= args.Length || !int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var value) || value < 1)
                throw new ArgumentException($"Usage: [--turns N] [--clients N] [--warmup N] [--seconds N]; '{args[i]}' is not understood.");
            values[args[i]] = value;
            i++;
        }
        return new BenchOptions(values["--turns"], values["--clients"], values["--warmup"], TimeSpan.FromSeconds(values["--seconds"]));
    }
}
