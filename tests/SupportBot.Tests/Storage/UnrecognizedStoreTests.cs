using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using SupportBot.Recognition;
using SupportBot.Recognition.Unrecognized;
using SupportBot.Storage;

namespace SupportBot.Tests.Storage;

/// <summary>The <see cref="IUnrecognizedStore"/> contract, run against SQLite and PostgreSQL; each test has a database (schema) of its own.</summary>
public abstract class UnrecognizedStoreContractTests
{
    protected static readonly DateTimeOffset Now = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    protected abstract IUnrecognizedStore CreateStore();

    private static UnrecognizedMessage Message(string language, string text, string intent = Intents.None, double score = 0.3, int minutesAgo = 0) =>
        new(language, text, intent, score, Now.AddMinutes(-minutesAgo));

    [Fact]
    public async Task Lists_the_most_frequent_texts_per_language_grouped_regardless_of_case_width_and_spacing()
    {
        var store = CreateStore();
        await store.AddAsync(Message("en", "where is my fapiao", Intents.Billing, 0.4, minutesAgo: 30));
        await store.AddAsync(Message("en", "Where is  my FAPIAO", Intents.Billing, 0.2, minutesAgo: 10));
        await store.AddAsync(Message("en", "ｗｈｅｒｅ ｉｓ ｍｙ ｆａｐｉａｏ", Intents.Billing, 0.3, minutesAgo: 5));
        await store.AddAsync(Message("en", "banana"));
        await store.AddAsync(Message("zh-Hans", "发票呢"));
        await store.AddAsync(Message("zh-Hans", "发票呢"));

        var english = await CreateStore().MostFrequentAsync("en", Now.AddDays(-1), 10);

        Assert.Equal([("ｗｈｅｒｅ ｉｓ ｍｙ ｆａｐｉａｏ", 3), ("banana", 1)], english.Select(r => (r.Text, r.Count)));
        Assert.Equal(Intents.Billing, english[0].IntentGuessed);
        Assert.Equal(0.3, english[0].MeanScore, 6);
        Assert.Equal(Now.AddMinutes(-5), english[0].LastSeen);
        Assert.All(english, r => Assert.Equal("en", r.Language));
        var all = await store.MostFrequentAsync(null, Now.AddDays(-1), 10);
        Assert.Equal(3, all.Count);
        Assert.Single(await store.MostFrequentAsync("en", Now.AddDays(-1), 1));
    }

    [Fact]
    public async Task Keeps_rows_until_the_retention_cutoff_only()
    {
        var store = CreateStore();
        await store.AddAsync(Message("ja", "古い", minutesAgo: 60 * 24 * 100));
        await store.AddAsync(Message("ja", "新しい", minutesAgo: 1));

        Assert.Equal(1, await store.DeleteOlderThanAsync(Now.AddDays(-90)));

        Assert.Equal(["新しい"], (await store.MostFrequentAsync("ja", Now.AddYears(-1), 10)).Select(r => r.Text));
        Assert.Empty(await store.MostFrequentAsync("ja", Now, 10));
        Assert.Equal(0, await store.DeleteOlderThanAsync(Now.AddDays(-90)));
    }

    [Fact]
    public async Task The_log_keeps_only_what_was_not_understood_masked_and_cut()
    {
        var store = CreateStore();
        var log = new UnrecognizedLog(store, Options.Create(new UnrecognizedOptions { MaxTextLength = 40 }), new FixedTime(Now), NullLogger<UnrecognizedLog>.Instance);
        RecognitionResult Result(string intent, double score, bool confident) => new()
        {
            Text = "x", Intents = [new IntentScore(intent, score)], Recognizer = RecognizerNames.Embedded, IsConfident = confident,
        };

        await log.RecordAsync("mail me at li.wei@contoso.cn about the thing that is broken", "zh-CN", Result(Intents.Help, 0.3, confident: false), default);
        await log.RecordAsync("outlook is slow", "en", Result(Intents.Performance, 0.9, confident: true), default);
        await log.RecordAsync("qwerty", "en", Result(Intents.None, 0.8, confident: true), default);

        var chinese = Assert.Single(await store.MostFrequentAsync("zh-Hans", Now.AddDays(-1), 10));
        Assert.Equal("mail me at [email] about the thing that ", chinese.Text);
        Assert.Equal(Intents.Help, chinese.IntentGuessed);
        Assert.Equal(["qwerty"], (await store.MostFrequentAsync("en", Now.AddDays(-1), 10)).Select(r => r.Text));
    }

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}

public sealed class SqliteUnrecognizedStoreTests : UnrecognizedStoreContractTests
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"unrecognized-{Guid.NewGuid():N}.db");

    protected override IUnrecognizedStore CreateStore() => new SqliteUnrecognizedStore(new SqliteDatabase(_path));

    [Fact]
    public async Task The_command_lists_them_per_language_from_the_configured_database()
    {
        var store = CreateStore();
        for (var i = 0; i < 3; i++) await store.AddAsync(new UnrecognizedMessage("zh-Hans", "发票在哪儿呢", Intents.Billing, 0.4, DateTimeOffset.UtcNow.AddMinutes(-i)));
        await store.AddAsync(new UnrecognizedMessage("en", "banana\nsplit", Intents.None, 0.1, DateTimeOffset.UtcNow));
        await store.AddAsync(new UnrecognizedMessage("en", "ancient", Intents.None, 0.1, DateTimeOffset.UtcNow.AddDays(-400)));
        var output = new StringWriter();

        var code = await UnrecognizedCommand.RunAsync(["--Storage:Provider=Sqlite", $"--Storage:SqlitePath={_path}", "--top", "5"], output, new StringWriter());

        Assert.Equal(0, code);
        var text = output.ToString();
        Assert.Contains("zh-Hans: 1 most frequent", text);
        Assert.Contains("3×  发票在哪儿呢   (guess Billing 0.40", text);
        Assert.Contains("1×  banana split", text);
        Assert.Contains("ja: 0 most frequent", text);
        Assert.DoesNotContain("ancient", text);
        var japanese = new StringWriter();
        Assert.Equal(0, await UnrecognizedCommand.RunAsync([$"--Storage:SqlitePath={_path}", "--language", "zh-CN"], japanese, new StringWriter()));
        Assert.DoesNotContain("en:", japanese.ToString());
        Assert.Contains("发票在哪儿呢", japanese.ToString());
    }

    [Fact]
    public async Task The_command_refuses_unknown_arguments()
    {
        var errors = new StringWriter();
        Assert.Equal(2, await UnrecognizedCommand.RunAsync(["--language", "fr"], new StringWriter(), errors));
        Assert.Contains("usage", errors.ToString());
        Assert.True(SupportBot.CommandLine.TryGet("unrecognized", out _));
    }
}

public sealed class PostgresUnrecognizedStoreTests : UnrecognizedStoreContractTests
{
    private readonly string _schema = $"unrecognized_test_{Guid.NewGuid():N}";

    protected override IUnrecognizedStore CreateStore() => new PostgresUnrecognizedStore(TestPostgres.DataSource, _schema);
}
