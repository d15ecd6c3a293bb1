using System.Diagnostics;
using Activity = SupportBot.Bot.Schema.Activity;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using SupportBot.Bot.Schema;
using SupportBot.Tests.TestKit;

namespace SupportBot.Bench;

/// <summary>One measured turn: when it started and ended (Stopwatch ticks) and whether the person got what the flow expects.</summary>
internal readonly record struct TurnSample(long StartedAt, long EndedAt, bool Failed, bool ErrorReply)
{
    public double Milliseconds => Stopwatch.GetElapsedTime(StartedAt, EndedAt).TotalMilliseconds;
}

/// <summary>
/// The support flow a person goes through, three turns over POST /api/messages (Teams personal chat, a customer):
/// a question as text → the guide card and "Did this solve it?"; the "No" button → the service-request form;
/// the filled form → the receipt. Each pass is a new conversation of the same person (welcomed on their first).
/// A turn's latency runs from the POST's start to the later of its answer and the last reply at the channel.
/// </summary>
internal sealed class SupportFlow(ChannelStub channel, IReadOnlyList<HttpClient> instances, int slot)
{
    public const string Question = "I have a question about my invoice";
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private readonly string _userId = $"29:bench-user-{slot}";
    private int _pass;
    private int _turn;

    /// <summary>Runs passes until <paramref name="stop"/>; each turn is reported to <paramref name="record"/>.</summary>
    public async Task RunAsync(Action<TurnSample> record, CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            var conversationId = $"a:bench-{slot}-{_pass++}";
            try
            {
                var (first, replies) = await TurnAsync(conversationId, Message(conversationId, Question, null), stop);
                var no = FindAction(replies, action => Title(action) == "No" && action.TryGetProperty("data", out _));
                record(first with { Failed = first.Failed || no is null });
                if (no is null) continue;

                var (second, formReplies) = await TurnAsync(conversationId, Message(conversationId, null, no.Value.GetProperty("data")), stop);
                var form = FindAction(formReplies, action => action.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                    && data.TryGetProperty("submissionId", out _) && !data.TryGetProperty("action", out _) && !data.TryGetProperty("choice", out _));
                record(second with { Failed = second.Failed || form is null });
                if (form is null) continue;

                var (third, receipt) = await TurnAsync(conversationId, Message(conversationId, null, Filled(form.Value)), stop);
                record(third with { Failed = third.Failed || !receipt.Any(r => r.Contains("Request SR-", StringComparison.Ordinal) && r.Contains("received", StringComparison.Ordinal)) });
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return; // out of time: the turn in flight is not counted
            }
            finally
            {
                channel.Forget(conversationId);
            }
        }
    }

    private async Task<(TurnSample Sample, List<string> Replies)> TurnAsync(string conversationId, Activity activity, CancellationToken stop)
    {
        // Round robin per turn across instances: consecutive turns of one conversation land on different instances.
        var http = instances[(slot + _turn++) % instances.Count];
        var body = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(activity, ProtocolJson.Options));
        body.Headers.ContentType = Json;
        var started = Stopwatch.GetTimestamp();
        var failed = false;
        try
        {
            using var response = await http.PostAsync("api/messages", body, stop);
            failed = response.StatusCode != HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            failed = true;
        }
        var answered = Stopwatch.GetTimestamp();
        var calls = channel.Take(conversationId);
        var ended = calls.Count == 0 ? answered : Math.Max(answered, calls.Max(c => c.ArrivedAt));
        var replies = calls.Select(c => Encoding.UTF8.GetString(c.Body)).Where(r => !r.Contains("\"type\":\"typing\"", StringComparison.Ordinal)).ToList();
        var errorReply = replies.Any(r => r.Contains("Sorry, something went wrong", StringComparison.Ordinal));
        return (new TurnSample(started, ended, failed || errorReply, errorReply), replies);
    }

    private Activity Message(string conversationId, string? text, JsonElement? value) => new()
    {
        Type = ActivityTypes.Message,
        Id = $"{conversationId}-{_turn}",
        Timestamp = DateTimeOffset.UtcNow,
        ServiceUrl = channel.ServiceUrl,
        ChannelId = Channels.MsTeams,
        From = new ChannelAccount(_userId, "Bench User") { AadObjectId = $"00000000-0000-0000-0000-{slot:D12}" },
        Conversation = new ConversationAccount(conversationId, conversationType: "personal", tenantId: Activities.TeamsTenant),
        Recipient = new ChannelAccount($"28:{Activities.BotAppId}", "SupportBot"),
        Text = text,
        TextFormat = text is null ? null : TextFormatTypes.Plain,
        Value = value,
        Locale = "en-US",
        ChannelData = JsonSerializer.SerializeToElement(new { tenant = new { id = Activities.TeamsTenant } }),
    };

    /// <summary>The form's submit data with every field filled, as Teams sends an Action.Submit.</summary>
    private static JsonElement Filled(JsonElement submit)
    {
        var merged = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var property in submit.GetProperty("data").EnumerateObject()) merged[property.Name] = property.Value.GetString();
        foreach (var (key, value) in SampleForms.ServiceRequest()) merged[key] = value;
        return JsonSerializer.SerializeToElement(merged);
    }

    private static string? Title(JsonElement action) => action.TryGetProperty("title", out var title) ? title.GetString() : null;

    /// <summary>The data of the first card action (in any reply) that <paramref name="match"/> accepts.</summary>
    private static JsonElement? FindAction(List<string> replies, Func<JsonElement, bool> match)
    {
        foreach (var reply in replies)
        {
            using var document = JsonDocument.Parse(reply);
            if (Find(document.RootElement, match) is { } action)
                return action.Clone();
        }
        return null;

        static JsonElement? Find(JsonElement element, Func<JsonElement, bool> match)
        {
            if (element.ValueKind == JsonValueKind.Object)
            {
                if (element.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                    && type.GetString()!.StartsWith("Action.", StringComparison.Ordinal) && match(element)) return element;
                foreach (var property in element.EnumerateObject())
                    if (Find(property.Value, match) is { } found) return found;
            }
            else if (element.ValueKind == JsonValueKind.Array)
                foreach (var item in element.EnumerateArray())
                    if (Find(item, match) is { } found) return found;
            return null;
        }
    }
}
