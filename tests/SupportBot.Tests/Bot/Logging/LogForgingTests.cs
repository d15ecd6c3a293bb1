using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SupportBot.Bot.Logging;
using SupportBot.Bot.Schema;
using SupportBot.Tests.Dialogs.Agents;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Bot.Logging;

/// <summary>
/// Issue 11, finding 7: a value a caller chose that goes into a log line is quoted, with control characters escaped,
/// so it cannot end the line and write an entry of its own.
/// </summary>
public sealed class LogForgingTests
{
    private const string Forged = "accepted\r\n2026-12-03T10:00:00Z crit: SupportBot.Security[0] Admin password reset for everyone";

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("two\nlines", "\"two\\nlines\"")]
    [InlineData("cr\rtab\tnul\0", "\"cr\\rtab\\tnul\\u0000\"")]
    [InlineData("say \"hi\" \\ bye", "\"say \\\"hi\\\" \\\\ bye\"")]
    [InlineData("line\u2028sep\u0085next\u202Eevil", "\"line\\u2028sep\\u0085next\\u202Eevil\"")]
    [InlineData(null, "(none)")]
    [InlineData("中文 日本語", "\"中文 日本語\"")]
    public void A_log_value_is_quoted_and_has_no_control_characters(string? value, string expected) =>
        Assert.Equal(expected, LogValue.Quote(value));

    [Fact]
    public void A_long_log_value_is_cut()
    {
        var quoted = LogValue.Quote(new string('x', 1000));

        Assert.True(quoted.Length < 300, quoted);
        Assert.EndsWith("…\"", quoted);
    }

    [Fact]
    public async Task A_handoff_status_with_a_newline_writes_one_log_entry()
    {
        await using var connector = await FakeConnector.StartAsync();
        var logs = new CapturedLogs();
        await using var app = new BotAppFactory(logs: logs);
        var status = Activities.WebChatMessage("", connector.ServiceUrl, conversationId: "conv\nfake: entry");
        status.Type = ActivityTypes.Event;
        status.Text = null;
        status.Name = "handoff.status";
        status.Value = JsonSerializer.SerializeToElement(new { state = Forged });

        var response = await app.CreateClient().PostAsJsonAsync("/api/messages", status, ProtocolJson.Options);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var line = Assert.Single(logs.Lines, l => l.Message.Contains("handoff.status", StringComparison.Ordinal));
        Assert.DoesNotContain('\n', line.Message);
        Assert.DoesNotContain('\r', line.Message);
        Assert.Contains("\"accepted\\r\\n2026-12-03T10:00:00Z crit:", line.Message);
        AssertNoLineBreaks(logs);
    }

    [Fact]
    public async Task A_refused_agent_action_logs_the_callers_id_and_verb_quoted()
    {
        await using var connector = await FakeConnector.StartAsync();
        var logs = new CapturedLogs();
        await using var desk = AgentDesk.Start(connector, logs: logs);
        var request = await desk.FileDirectlyAsync("forged-log-1");
        request = await desk.WaitForRequestAsync(request.Id, r => r.AgentCardActivityId is not null);

        await desk.InvokeAsync("take\nfake: entry", request, userId: "29:stranger\r\ninfo: forged", teamId: "19:another-team@thread.skype");

        var refused = Assert.Single(logs.Lines, l => l.Message.Contains("is not an agent", StringComparison.Ordinal));
        Assert.Contains("\"29:stranger\\r\\ninfo: forged\"", refused.Message);
        Assert.Contains("\"take\\nfake: entry\"", refused.Message);
        AssertNoLineBreaks(logs);
    }

    private static void AssertNoLineBreaks(CapturedLogs logs) =>
        Assert.All(logs.Lines, l => Assert.False(l.Message.Contains('\n') || l.Message.Contains('\r'), $"A log line breaks: {l.Message}"));
}
