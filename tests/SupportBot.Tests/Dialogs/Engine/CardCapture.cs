using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Bot.Schema;

namespace SupportBot.Tests.Dialogs.Engine;

/// <summary>
/// Plays the client for one card the bot sent: <see cref="Capture"/> it in an AssertReply, then <see cref="Submit"/>
/// builds what pressing a button sends: the action's data merged with the inputs (PROTOCOL.md §5.3), as
/// Web Chat (channelData.postBack) or Teams (value only) shape it (§4.2). Submits are filled in when the card is captured,
/// because a flow is written before it runs.
/// </summary>
public sealed class CardCapture
{
    private readonly List<(Activity Activity, object? Inputs, string Action, bool WebChat)> _pending = [];

    public Activity? Card { get; private set; }

    public JsonObject Content => JsonNode.Parse(Card!.Attachments![0].Content!.Value.GetRawText())!.AsObject();

    public void Capture(Activity reply)
    {
        Assert.Equal(ContentTypes.AdaptiveCard, Assert.Single(reply.Attachments!).ContentType);
        Card = reply;
        foreach (var pending in _pending) Fill(pending.Activity, pending.Inputs, pending.Action, pending.WebChat);
    }

    public Activity Submit(object? inputs = null, string action = "Submit", bool webChat = true)
    {
        var activity = new Activity { Type = ActivityTypes.Message };
        if (Card is null) _pending.Add((activity, inputs, action, webChat));
        else Fill(activity, inputs, action, webChat);
        return activity;
    }

    /// <summary>The value of an input on the captured card (what the user sees pre-filled).</summary>
    public string? InputValue(string id) => Element(id)?["value"]?.GetValue<string>();

    public string? Error(string field) => Element($"{field}-error")?["text"]?.GetValue<string>();

    public string? SubmissionId => Content["actions"]![0]!["data"]!["submissionId"]?.GetValue<string>();

    private JsonNode? Element(string id) =>
        Content["body"]!.AsArray().FirstOrDefault(element => element?["id"]?.GetValue<string>() == id);

    private void Fill(Activity activity, object? inputs, string action, bool webChat)
    {
        var button = Content["actions"]!.AsArray().First(a => a!["title"]!.GetValue<string>() == action)!;
        var value = button["data"]!.DeepClone().AsObject();
        if (inputs is not null && button["associatedInputs"]?.GetValue<string>() != "none")
            foreach (var (key, input) in JsonSerializer.SerializeToNode(inputs)!.AsObject())
                value[key] = input?.DeepClone();
        activity.Value = JsonSerializer.SerializeToElement(value);
        activity.ReplyToId = Card!.Id;
        if (webChat) activity.ChannelData = JsonSerializer.SerializeToElement(new { postBack = true });
    }
}
