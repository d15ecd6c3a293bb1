using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SupportBot.Tests.Dialogs.Agents;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Bot.Hosting;

/// <summary>/healthz/live (the process answers) and /healthz/ready (storage, schema, outbox worker, outbox age, queues) of the real app.</summary>
public sealed class HealthEndpointTests : IAsyncLifetime
{
    private FakeConnector _connector = null!;

    public async Task InitializeAsync() => _connector = await FakeConnector.StartAsync();

    public async Task DisposeAsync() => await _connector.DisposeAsync();

    [Fact]
    public async Task Ready_is_healthy_when_storage_answers_the_worker_polls_and_every_queue_has_a_channel()
    {
        await using var desk = AgentDesk.Start(_connector);

        var (status, report) = await GetAsync(desk.Client, "/healthz/ready");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("healthy", report.GetProperty("status").GetString());
        Assert.Equal(["agent-queues", "outbox", "request-storage", "state-storage"],
            report.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Order());
        Assert.All(report.GetProperty("checks").EnumerateArray(), check => Assert.Equal("healthy", check.GetProperty("status").GetString()));
        Assert.Equal(0, Check(report, "outbox").GetProperty("data").GetProperty("pending").GetInt32());
        var (liveStatus, live) = await GetAsync(desk.Client, "/healthz/live");
        Assert.Equal(HttpStatusCode.OK, liveStatus);
        Assert.Equal("healthy", live.GetProperty("status").GetString());
    }

    [Fact]
    public async Task With_the_database_unreachable_the_process_is_live_but_not_ready()
    {
        // A directory where the SQLite file should be: every open fails, as with a lost volume.
        var notAFile = Directory.CreateTempSubdirectory("supportbot-not-a-db-").FullName;
        await using var app = new BotAppFactory(databasePath: notAFile);
        var client = app.CreateClient();

        var (liveStatus, _) = await GetAsync(client, "/healthz/live");
        var (status, report) = await GetAsync(client, "/healthz/ready");

        Assert.Equal(HttpStatusCode.OK, liveStatus);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal("unhealthy", report.GetProperty("status").GetString());
        Assert.Equal("unhealthy", Check(report, "state-storage").GetProperty("status").GetString());
        Assert.Equal("unhealthy", Check(report, "request-storage").GetProperty("status").GetString());
        Assert.Contains("does not answer", Check(report, "request-storage").GetProperty("description").GetString());
        Assert.DoesNotContain(" at ", report.GetRawText()); // descriptions, no stack traces
    }

    [Fact]
    public async Task An_outbox_worker_that_stopped_polling_makes_the_instance_not_ready()
    {
        await using var desk = AgentDesk.Start(_connector, settings: new Dictionary<string, string?>
        {
            // It polls once at start and then sleeps for an hour: as good as hung after a second.
            ["Outbox:PollInterval"] = "01:00:00",
            ["Outbox:WorkerStallTimeout"] = "00:00:01",
        });

        var report = JsonDocument.Parse(await AgentDesk.WaitForAsync(async () =>
        {
            var (status, body) = await GetAsync(desk.Client, "/healthz/ready");
            return status == HttpStatusCode.ServiceUnavailable ? body.GetRawText() : null;
        }, TimeSpan.FromSeconds(15))).RootElement;

        var outbox = Check(report, "outbox");
        Assert.Equal("unhealthy", outbox.GetProperty("status").GetString());
        Assert.Contains("has not polled", outbox.GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_worker_disabled_on_purpose_is_degraded_not_unready()
    {
        await using var desk = AgentDesk.Start(_connector, settings: new Dictionary<string, string?> { ["Outbox:Enabled"] = "false" });

        var (status, report) = await GetAsync(desk.Client, "/healthz/ready");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("degraded", report.GetProperty("status").GetString());
        Assert.Contains("Outbox:Enabled = false", Check(report, "outbox").GetProperty("description").GetString());
    }

    [Fact]
    public async Task A_pending_message_older_than_the_configured_age_makes_ready_degraded()
    {
        await using var desk = AgentDesk.Start(_connector, settings: new Dictionary<string, string?> { ["Outbox:MaxPendingAge"] = "00:00:00.500" });
        _connector.FailNext(503, times: 10_000);
        await desk.FileDirectlyAsync("stuck-1");

        var report = JsonDocument.Parse(await AgentDesk.WaitForAsync(async () =>
        {
            var (status, body) = await GetAsync(desk.Client, "/healthz/ready");
            Assert.Equal(HttpStatusCode.OK, status); // degraded still takes traffic: the channel is the problem, not this instance
            return Check(body, "outbox").GetProperty("status").GetString() == "degraded" ? body.GetRawText() : null;
        }, TimeSpan.FromSeconds(15))).RootElement;

        var outbox = Check(report, "outbox");
        Assert.Contains("oldest pending outbox message", outbox.GetProperty("description").GetString());
        Assert.Equal(1, outbox.GetProperty("data").GetProperty("pending").GetInt32());
        Assert.True(outbox.GetProperty("data").GetProperty("oldestPendingAgeSeconds").GetInt32() >= 0);
        Assert.Equal("degraded", report.GetProperty("status").GetString());
    }

    private static JsonElement Check(JsonElement report, string name) =>
        report.GetProperty("checks").EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    private static async Task<(HttpStatusCode Status, JsonElement Body)> GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(path);
        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.ToString());
        return (response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }
}
