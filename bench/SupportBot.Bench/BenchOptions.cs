using System.Globalization;

namespace SupportBot.Bench;

public enum BenchStorage { Sqlite, Postgres }

/// <summary>
/// <c>--conversations 1,50,200 --seconds 20 --warmup 5 --storage sqlite|postgres --postgres CONN --instances 1|2
/// --app PATH/SupportBot.dll --trace FILE</c>. Every phase is bounded in time; everything listens on 127.0.0.1.
/// </summary>
internal sealed record BenchOptions(
    IReadOnlyList<int> Conversations,
    TimeSpan Measured,
    TimeSpan Warmup,
    BenchStorage Storage,
    string? PostgresConnectionString,
    int Instances,
    string? AppPath,
    string? TracePath)
{
    public const string Usage =
        "Usage: [--conversations 1,50,200] [--seconds 20] [--warmup 5] [--storage sqlite|postgres] [--postgres CONNECTION] " +
        "[--instances 1|2] [--app PATH/SupportBot.dll] [--trace FILE.nettrace]";

    public static BenchOptions Parse(string[] args)
    {
        var conversations = new List<int> { 1, 50, 200 };
        var measured = 20;
        var warmup = 5;
        var storage = BenchStorage.Sqlite;
        string? postgres = Environment.GetEnvironmentVariable("SUPPORTBOT_BENCH_POSTGRES") ?? Environment.GetEnvironmentVariable("SUPPORTBOT_TEST_POSTGRES");
        var instances = 1;
        string? app = null, trace = null;
        for (var i = 0; i < args.Length; i += 2)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. {Usage}");
            switch (args[i])
            {
                case "--conversations":
                    conversations = value.Split(',').Select(v => Positive(args[i], v)).ToList();
                    break;
                case "--seconds": measured = Positive(args[i], value); break;
                case "--warmup": warmup = Positive(args[i], value); break;
                case "--storage":
                    storage = value.ToLowerInvariant() switch
                    {
                        "sqlite" => BenchStorage.Sqlite,
                        "postgres" => BenchStorage.Postgres,
                        _ => throw new ArgumentException($"--storage is sqlite or postgres, not '{value}'."),
                    };
                    break;
                case "--postgres": postgres = value; break;
                case "--instances":
                    instances = Positive(args[i], value);
                    if (instances > 2) throw new ArgumentException("--instances is 1 or 2.");
                    break;
                case "--app": app = value; break;
                case "--trace": trace = value; break;
                default: throw new ArgumentException($"'{args[i]}' is not understood. {Usage}");
            }
        }
        if (storage == BenchStorage.Postgres && string.IsNullOrWhiteSpace(postgres))
            throw new ArgumentException("--storage postgres needs --postgres CONNECTION (or SUPPORTBOT_BENCH_POSTGRES / SUPPORTBOT_TEST_POSTGRES).");
        if (instances == 2 && storage != BenchStorage.Postgres)
            throw new ArgumentException("Two instances share state only on PostgreSQL: add --storage postgres.");
        return new BenchOptions(conversations, TimeSpan.FromSeconds(measured), TimeSpan.FromSeconds(warmup), storage, postgres, instances, app, trace);
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0
            ? number
            : throw new ArgumentException($"{name} needs a positive whole number, not '{value}'.");
}
