using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using SupportBot.Bot.Schema;
using SupportBot.Tests.TestKit;

namespace SupportBot.Tests.Dialogs.Agents;

/// <summary>
/// Issue 11, findings 1 and 5: a malformed <c>adaptiveCard/action</c> invoke is answered HTTP 200 with the error in the
/// invoke response (PROTOCOL.md §4.3), never 5xx; a refresh from someone outside the queue gets no personal data.
/// </summary>
public sealed class AgentActionsHardeningTests() : AgentDeskTest(new CapturedLogs())
{
    [Theory]
    [InlineData("""{"action":"x"}""")]
    [InlineData("""{"action":{"type":"Action.Execute","verb":1,"data":{"requestId":"SR-20260101-0001"}}}""")]
    [InlineData("""{"action":{"type":"Action.Execute","verb":"take","data":"not an object"}}""")]
    [InlineData("""{"action":{"type":"Action.Execute","verb":"take"}}""")]
    [InlineData("""{"action":null,"trigger":"manual"}""")]
    [InlineData("""{"action":{"type":"Action.Execute","verb":"take","data":{"requestId":1}}}""")]
    [InlineData("""{"action":{"type":"Action.Execute","verb":"take","data":{"requestId":["a"]}},"trigger":5}""")]
    [InlineData("""{"action":{"verb":["take"],"data":{},"title":{"x":1}}}""")]
    [InlineData("""[1,2,3]""")]
    [InlineData("\"take\"")]
    [InlineData("""{}""")]
    public async Task A_malformed_invoke_is_answered_200_with_a_400_error_in_the_body(string value)
    {
        var (status, body) = await InvokeRawAsync(value);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(400, body.GetProperty("statusCode").GetInt32());
        Assert.Equal("application/vnd.microsoft.error", body.GetProperty("type").GetString());
        Assert.Equal("BadRequest", body.GetProperty("value").GetProperty("code").GetString());
        Assert.Empty(Logs.AtLeast(LogLevel.Error));
    }

    [Theory]
    // A lone surrogate is valid JSON (RFC 8259 allows any \uXXXX) but not a valid string: read as U+FFFD.
    [InlineData("""{"action":{"type":"Action.Execute","verb":"take","data":{"requestId":"\ud800"}}}""")]
    [InlineData("""{"action":{"type":"Action.Execute","verb":"\udc00x","data":{"requestId":"SR-1"}}}""")]
    [InlineData("""{"action":{"type":"Action.Execute","verb":"ask","data":{"requestId":"SR-1","question":"\ud83d"}}}""")]
    public async Task A_lone_surrogate_in_the_invoke_is_answered_200_not_500(string value)
    {
        var request = await Desk.FileDirectlyAsync("surrogate-1");
        var (status, body) = await InvokeRawAsync(value.Replace("SR-1", request.Id, StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains(body.GetProperty("statusCode").GetInt32(), new[] { 200, 400 });
        Assert.Empty(Logs.AtLeast(LogLevel.Error));
    }

    [Fact]
    public async Task A_refresh_from_someone_outside_the_queue_gets_a_card_without_personal_data()
    {
        var filed = await Desk.FileThroughTheFormAsync();
        var request = await Desk.WaitForRequestAsync(filed.Id, r => r.AgentCardActivityId is not null);
        var personal = new[] { "li.wei@contoso.cn", "+86 138 0013 8000", "Li Wei", "Contoso", "The invoice PDF does not open since Monday.", "Cannot open invoices" };

        var stranger = await Desk.InvokeAsync("refresh", request, userId: "29:stranger", teamId: "19:another-team@thread.skype");

        Assert.Equal(200, stranger.GetProperty("statusCode").GetInt32());
        Assert.Equal(ContentTypes.AdaptiveCard, stranger.GetProperty("type").GetString());
        var strangerCard = stranger.GetProperty("value").GetRawText();
        foreach (var value in personal) Assert.DoesNotContain(value, strangerCard);
        Assert.Contains(request.Id, strangerCard);
        Assert.Contains("Only agents of the partner helpdesk", strangerCard);
        Assert.DoesNotContain("Action.Execute\",\"title\":\"Take it", strangerCard);
        // The agent side of the same card still carries everything, and the stranger's card still refreshes (an agent
        // who views it later sees the full card).
        Assert.Contains("\"refresh\"", strangerCard);

        var agent = await Desk.InvokeAsync("refresh", request);
        var agentCard = agent.GetProperty("value").GetRawText();
        foreach (var value in personal) Assert.Contains(value, agentCard);
    }

    [Fact]
    public async Task The_refresh_fallback_submit_from_someone_outside_the_queue_gets_no_personal_data_either()
    {
        var filed = await Desk.FileThroughTheFormAsync();
        var request = await Desk.WaitForRequestAsync(filed.Id, r => r.AgentCardActivityId is not null);
        var thread = request.AgentThread!.Conversation!.Id!;
        var submit = Desk.TeamsChannelActivity("29:stranger", "19:another-team@thread.skype", thread);
        submit.ReplyToId = request.AgentCardActivityId;
        submit.Value = JsonSerializer.SerializeToElement(new Dictionary<string, string> { ["requestId"] = request.Id, ["agentAction"] = "refresh" });
        Connector.Clear();

        await Desk.PostAsync(submit);

        var replaced = Assert.Single(Connector.Calls, call => call.Method == "PUT");
        Assert.DoesNotContain("li.wei@contoso.cn", replaced.Body);
        Assert.DoesNotContain("+86 138 0013 8000", replaced.Body);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> InvokeRawAsync(string rawValue)
    {
        var invoke = Desk.TeamsChannelActivity("29:agent-smith", AgentDesk.HelpdeskTeam, $"{AgentDesk.HelpdeskChannel};messageid=1");
        invoke.Type = ActivityTypes.Invoke;
        invoke.Name = "adaptiveCard/action";
        var json = ProtocolJson.Serialize(invoke);
        json = string.Concat(json.AsSpan(0, json.LastIndexOf('}')), ",\"value\":", rawValue, "}");
        var response = await Desk.Client.PostAsync("/api/messages", new StringContent(json, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode != HttpStatusCode.OK || text.Length > 0, "An invoke answered 200 must have a body.");
        return (response.StatusCode, response.StatusCode == HttpStatusCode.OK ? JsonDocument.Parse(text).RootElement.Clone() : default);
    }
}
