using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using SupportBot.Bot.Schema;

namespace SupportBot.Tests.TestKit;

/// <summary>
/// One user talking to the real app over POST /api/messages, with replies arriving at a <see cref="FakeConnector"/>.
/// The bot answers inside the turn, so when a POST returns, its replies have reached the connector.
/// </summary>
public sealed class HttpConversation(HttpClient client, FakeConnector connector, Activity template)
{
    private readonly Lock _seenLock = new();
    private int _seen;

    public Activity Template { get; } = template;

    public async Task<List<Activity>> SendAsync(Activity activity)
    {
        var outgoing = Template.Clone();
        outgoing.Type = activity.Type ?? ActivityTypes.Message;
        outgoing.Id = $"{Guid.NewGuid():N}";
        outgoing.Text = activity.Text;
        outgoing.Value = activity.Value;
        outgoing.ReplyToId = activity.ReplyToId;
        outgoing.MembersAdded = activity.MembersAdded;
        outgoing.Timestamp = DateTimeOffset.UtcNow;
        var response = await client.PostAsJsonAsync("/api/messages", outgoing, ProtocolJson.Options);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return TakeNew();
    }

    public Task<List<Activity>> SayAsync(string text) => SendAsync(new Activity { Type = ActivityTypes.Message, Text = text });

    public Task<List<Activity>> ClickAsync(Activity reply, string button) => SendAsync(ReplyReading.Submit(reply.Button(button)));

    public Task<List<Activity>> JoinAsync() => SendAsync(new Activity
    {
        Type = ActivityTypes.ConversationUpdate,
        MembersAdded = [Template.Recipient!, Template.From!],
    });

    /// <summary>Messages for this conversation that arrived since the last call.</summary>
    /// <remarks>Locked: concurrent sends of one conversation must not hand out a message twice.</remarks>
    public List<Activity> TakeNew()
    {
        lock (_seenLock)
        {
            var mine = connector.Messages.Where(m => m.Conversation?.Id == Template.Conversation!.Id).ToList();
            var fresh = mine.Skip(_seen).ToList();
            _seen = mine.Count;
            return fresh;
        }
    }

    public static Activity Only(IEnumerable<Activity> replies, string text) =>
        replies.FirstOrDefault(r => r.Visible().Contains(text, StringComparison.Ordinal))
        ?? throw new Xunit.Sdk.XunitException($"No reply contains \"{text}\". Replies:\n{string.Join("\n---\n", replies.Select(r => r.Visible()))}");

    public static JsonElement FormSubmit(IEnumerable<Activity> replies) =>
        replies.First(r => r.CardJson().Contains("\"submissionId\"", StringComparison.Ordinal) && r.CardJson().Contains("\"form\"", StringComparison.Ordinal)).FormSubmit();
}
