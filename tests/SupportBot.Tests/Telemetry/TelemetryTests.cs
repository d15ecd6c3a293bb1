using System.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using SupportBot.Bot.Schema;
using SupportBot.Recognition;
using SupportBot.Requests;
using SupportBot.Telemetry;
using SupportBot.Tests.TestKit;
using Activity = SupportBot.Bot.Schema.Activity;

namespace SupportBot.Tests.Telemetry;

/// <summary>
/// An OpenTelemetry MeterProvider listens to meters by name in the whole process, so these tests run on their own
/// (no other test's bot counts turns meanwhile).
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "Telemetry (process-wide listeners)";
}

/// <summary>The real app's telemetry: what one conversation exports, OTLP and Azure Monitor export, and none without configuration.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class TelemetryTests : IAsyncLifetime
{
    private FakeConnector _connector = null!;
    private FakeTelemetryReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        _receiver = await FakeTelemetryReceiver.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _connector.DisposeAsync();
        await _receiver.DisposeAsync();
    }

    [Fact]
    public async Task One_conversation_is_counted_in_the_exported_metrics_and_traced()
    {
        await using var exported = new ExportedBot(_receiver, new Dictionary<string, string?>
        {
            ["Telemetry:OutboxSampleInterval"] = "00:00:00.050",
            // The agents' notification stays pending, so the outbox gauges have something to show.
            ["Outbox:Enabled"] = "false",
        });
        var (bot, metrics, spans) = (exported.Bot, exported.Metrics, exported.Spans);
        var customer = new HttpConversation(bot.CreateClient(), _connector, Activities.WebChatMessage("", _connector.ServiceUrl));

        var welcome = Assert.Single(await customer.JoinAsync());
        var guide = await customer.ClickAsync(welcome, "Check service health");
        var form = await customer.ClickAsync(HttpConversation.Only(guide, "Did this solve it?"), "No");
        await customer.SendAsync(ReplyReading.Submit(HttpConversation.FormSubmit(form), SampleForms.ServiceRequest()));
        var texts = new[] { "zxqv blorp wibble", "where can I download my invoice" };
        foreach (var text in texts) await customer.SayAsync(text);

        var recognizer = bot.Services.GetRequiredService<IIntentRecognizer>();
        var expected = new List<RecognitionResult>();
        foreach (var text in texts) expected.Add(await recognizer.RecognizeAsync(text, "en", CancellationToken.None));
        var pending = (await bot.Services.GetRequiredService<IRequestStore>().CountOutboxAsync()).Pending;
        Assert.Equal(1, pending);
        var meterProvider = bot.Services.GetRequiredService<MeterProvider>();
        await Eventually(() =>
        {
            metrics.Clear();
            meterProvider.ForceFlush();
            return Last(metrics, "support.outbox.pending") is { } gauge && Points(gauge).Sum(p => p.GetGaugeLastValueLong()) == pending;
        });

        Assert.Equal(1, Sum(metrics, "bot.turns", ("bot.channel", "webchat"), ("bot.activity.type", "conversationUpdate"), ("bot.turn.outcome", "ok")));
        Assert.Equal(5, Sum(metrics, "bot.turns", ("bot.channel", "webchat"), ("bot.activity.type", "message"), ("bot.turn.outcome", "ok")));
        Assert.Equal(6, Points(Last(metrics, "bot.turn.duration")!).Sum(p => p.GetHistogramCount()));
        Assert.Equal(1, Sum(metrics, "support.guides.shown", ("support.guide", "service-health"), ("support.language", "en")));
        Assert.Equal(1, Sum(metrics, "support.guides.answered", ("support.guide", "service-health"), ("support.guide.outcome", "not_solved")));
        Assert.Equal(1, Sum(metrics, "support.requests.filed",
            ("support.request.kind", "ServiceRequest"), ("support.queue", "PartnerHelpdesk"), ("support.request.live_chat", false)));
        foreach (var result in expected)
        {
            var understood = result.IsConfident && result.TopIntent != Intents.None;
            Assert.True(Sum(metrics, "support.intent.recognitions", ("support.intent", result.TopIntent),
                ("support.recognition.outcome", understood ? "recognised" : "not_understood"), ("support.recognizer", result.Recognizer)) >= 1);
        }
        Assert.Equal(texts.Length, Sum(metrics, "support.intent.recognitions"));
        Assert.Contains(expected, result => !result.IsConfident || result.TopIntent == Intents.None);
        Assert.Contains(expected, result => result.IsConfident && result.TopIntent == Intents.Billing);
        Assert.Equal(0, Points(Last(metrics, "support.outbox.failed")!).Single().GetGaugeLastValueLong());
        var age = Points(Last(metrics, "support.outbox.oldest_pending_age")!).Single().GetGaugeLastValueDouble();
        Assert.InRange(age, 0, 120);
        Assert.NotNull(Last(metrics, "http.server.request.duration"));

        // Each turn is a span inside the ASP.NET Core request span of its POST /api/messages; replies are HTTP client spans.
        var turnSpans = spans.Where(s => s.Source.Name == "SupportBot.Bot").ToList();
        Assert.Equal(6, turnSpans.Count);
        Assert.Equal(5, turnSpans.Count(s => s.DisplayName == "bot.turn message"));
        Assert.All(turnSpans, turn =>
        {
            Assert.Equal("webchat", turn.GetTagItem("bot.channel"));
            Assert.Equal("ok", turn.GetTagItem("bot.turn.outcome"));
            var server = spans.Single(s => s.SpanId == turn.ParentSpanId);
            Assert.Equal(ActivityKind.Server, server.Kind);
            Assert.Equal("POST /api/messages", server.DisplayName);
            Assert.Contains(spans, s => s.Kind == ActivityKind.Client && s.ParentSpanId == turn.SpanId && s.GetTagItem("server.address") is "127.0.0.1");
        });
        File.WriteAllLines(Path.Combine(ArtifactsDirectory(), "telemetry-one-conversation.txt"), Describe(spans, metrics));
    }

    [Fact]
    public async Task With_PostgreSQL_storage_the_database_calls_are_traced_and_measured()
    {
        // A schema of its own (first on the search path), so the app's tables do not meet other tests' ones.
        var schema = $"telemetry_test_{Guid.NewGuid():N}";
        await using (var create = Storage.TestPostgres.DataSource.CreateCommand($"CREATE SCHEMA {schema}")) await create.ExecuteNonQueryAsync();
        await using var exported = new ExportedBot(_receiver, new Dictionary<string, string?>
        {
            ["Storage:Provider"] = "Postgres",
            ["Storage:PostgresConnectionString"] = $"{Storage.TestPostgres.ConnectionString};Search Path={schema}",
        });
        var (bot, metrics, spans) = (exported.Bot, exported.Metrics, exported.Spans);
        var customer = new HttpConversation(bot.CreateClient(), _connector, Activities.WebChatMessage("", _connector.ServiceUrl));

        Assert.Single(await customer.JoinAsync());
        bot.Services.GetRequiredService<MeterProvider>().ForceFlush();

        var turn = Assert.Single(spans, s => s.Source.Name == "SupportBot.Bot");
        // The turn's state is read before and written within the turn: at least the write is a child of the turn span.
        Assert.Contains(spans, s => s.Source.Name == "Npgsql" && s.Kind == ActivityKind.Client && s.TraceId == turn.TraceId);
        Assert.Contains(metrics, m => m.MeterName == "Npgsql" && m.Name == "db.client.operation.duration");
    }

    [Fact]
    public async Task With_neither_an_endpoint_nor_a_connection_string_no_exporter_is_registered()
    {
        await using var bot = new BotAppFactory(new Dictionary<string, string?>
        {
            [TelemetryServiceExtensions.OtlpEndpointVariable] = "",
            [TelemetryServiceExtensions.AzureMonitorConnectionStringVariable] = "",
        });
        var customer = new HttpConversation(bot.CreateClient(), _connector, Activities.WebChatMessage("", _connector.ServiceUrl));
        Assert.Single(await customer.JoinAsync());

        Assert.Null(bot.Services.GetService<MeterProvider>());
        Assert.Null(bot.Services.GetService<TracerProvider>());
        Assert.DoesNotContain(bot.Services.GetServices<ILoggerProvider>(), provider => provider.GetType().FullName!.StartsWith("OpenTelemetry", StringComparison.Ordinal));
        // The metrics are still recorded (for any listener); no one exports them.
        Assert.NotNull(bot.Services.GetService<SupportMetrics>());
    }

    public static TheoryData<string, string?> OtlpSettings => new()
    {
        { "Telemetry:Otlp:Endpoint", null },
        { TelemetryServiceExtensions.OtlpEndpointVariable, "http/protobuf" },
    };

    [Theory]
    [MemberData(nameof(OtlpSettings))]
    public async Task Otlp_export_reaches_the_collector(string endpointKey, string? protocol)
    {
        var settings = new Dictionary<string, string?> { [endpointKey] = _receiver.BaseUrl };
        if (protocol is not null) settings["OTEL_EXPORTER_OTLP_PROTOCOL"] = protocol;
        await using (var bot = new BotAppFactory(settings))
        {
            var customer = new HttpConversation(bot.CreateClient(), _connector, Activities.WebChatMessage("", _connector.ServiceUrl));
            Assert.Single(await customer.JoinAsync());
        } // stopping the app flushes traces, metrics and logs

        foreach (var signal in new[] { "/v1/traces", "/v1/metrics", "/v1/logs" })
        {
            var post = await _receiver.WaitForAsync(signal);
            Assert.Equal("application/x-protobuf", post.ContentType);
            Assert.True(post.Bytes > 0);
        }
    }

    [Fact]
    public async Task Azure_Monitor_export_goes_to_the_ingestion_endpoint_in_the_connection_string()
    {
        // As in Azure China, where the connection string names *.applicationinsights.azure.cn; here a local receiver.
        var connectionString = $"InstrumentationKey=00000000-0000-0000-0000-0000000000a1;IngestionEndpoint={_receiver.BaseUrl}/";
        await using (var bot = new BotAppFactory(new Dictionary<string, string?>
        {
            [TelemetryServiceExtensions.AzureMonitorConnectionStringVariable] = connectionString,
        }))
        {
            var customer = new HttpConversation(bot.CreateClient(), _connector, Activities.WebChatMessage("", _connector.ServiceUrl));
            Assert.Single(await customer.JoinAsync());
            Assert.NotNull(bot.Services.GetService<TracerProvider>());
        }

        var post = await _receiver.WaitForAsync("/v2.1/track");
        Assert.True(post.Bytes > 0);
    }

    /// <summary>The real app exporting over OTLP to the receiver (so its OpenTelemetry pipeline is built), with the
    /// in-memory exporters added to that pipeline for the test to read.</summary>
    private sealed class ExportedBot : IAsyncDisposable
    {
        private readonly BotAppFactory _factory;

        public ExportedBot(FakeTelemetryReceiver receiver, Dictionary<string, string?> settings)
        {
            settings["Telemetry:Otlp:Endpoint"] = receiver.BaseUrl;
            _factory = new BotAppFactory(settings);
            Bot = _factory.WithWebHostBuilder(web => web.ConfigureServices(services => services
                .ConfigureOpenTelemetryMeterProvider(meters => meters.AddInMemoryExporter(Metrics))
                .ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Spans))));
        }

        public Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program> Bot { get; }

        public List<MetricSnapshot> Metrics { get; } = [];

        public List<System.Diagnostics.Activity> Spans { get; } = [];

        public async ValueTask DisposeAsync()
        {
            await Bot.DisposeAsync();
            await _factory.DisposeAsync();
        }
    }

    /// <summary>What an operator sees for the conversation (span tree, metric points), kept under artifacts/ for the docs.</summary>
    private static IEnumerable<string> Describe(List<System.Diagnostics.Activity> spans, List<MetricSnapshot> metrics)
    {
        foreach (var span in spans.OrderBy(s => s.StartTimeUtc))
            yield return $"span {span.Kind} \"{span.DisplayName}\" source={span.Source.Name} parent={(spans.Any(p => p.SpanId == span.ParentSpanId) ? spans.First(p => p.SpanId == span.ParentSpanId).DisplayName : "-")} " +
                string.Join(" ", span.TagObjects.Select(tag => $"{tag.Key}={tag.Value}"));
        foreach (var metric in metrics.GroupBy(m => m.Name).Select(g => g.Last()).OrderBy(m => m.Name, StringComparer.Ordinal))
            foreach (var point in metric.MetricPoints)
            {
                var tags = new List<string>();
                foreach (var tag in point.Tags) tags.Add($"{tag.Key}={tag.Value}");
                var value = metric.MetricType switch
                {
                    MetricType.LongSum or MetricType.LongSumNonMonotonic => point.GetSumLong().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    MetricType.LongGauge => point.GetGaugeLastValueLong().ToString(System.Globalization.CultureInfo.InvariantCulture),
                    MetricType.DoubleGauge => point.GetGaugeLastValueDouble().ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
                    MetricType.Histogram => $"count={point.GetHistogramCount()}",
                    _ => "",
                };
                yield return $"metric {metric.MeterName} {metric.Name} [{metric.Unit}] {metric.MetricType} {value} {string.Join(" ", tags)}";
            }
    }

    private static string ArtifactsDirectory()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SupportBot.csproj"))) directory = directory.Parent;
        var artifacts = Path.Combine(directory?.FullName ?? Path.GetTempPath(), "artifacts");
        Directory.CreateDirectory(artifacts);
        return artifacts;
    }

    private static MetricSnapshot? Last(List<MetricSnapshot> metrics, string name) => metrics.LastOrDefault(m => m.Name == name);

    private static IEnumerable<MetricPoint> Points(MetricSnapshot metric) => metric.MetricPoints;

    private static long Sum(List<MetricSnapshot> metrics, string name, params (string Key, object Value)[] tags) =>
        Last(metrics, name) is { } metric
            ? Points(metric).Where(point => tags.All(tag => HasTag(point, tag.Key, tag.Value))).Sum(point => point.GetSumLong())
            : 0;

    private static bool HasTag(MetricPoint point, string key, object value)
    {
        foreach (var tag in point.Tags)
            if (tag.Key == key) return Equals(tag.Value, value);
        return false;
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException("The condition did not become true.");
            await Task.Delay(50);
        }
    }
}
