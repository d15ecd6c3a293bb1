using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Bot.Schema;

namespace SupportBot.Bot.DirectLine;

/// <summary>
/// What a visitor's words lose before the embedded Direct Line stores them (and the bot sees them). The application
/// supplies it (the support bot masks ID-card numbers, bank cards and passwords); by default nothing is changed.
/// </summary>
public interface ITranscriptRedaction
{
    string Redact(string text);
}

internal sealed class NoTranscriptRedaction : ITranscriptRedaction
{
    public string Redact(string text) => text;
}

public static class TranscriptRedactionExtensions
{
    /// <summary>Redacts an incoming activity's text and every string in its value (a card's submitted inputs).</summary>
    public static void Apply(this ITranscriptRedaction redaction, Activity activity)
    {
        if (activity.Text is { Length: > 0 } text) activity.Text = redaction.Redact(text);
        if (activity.Value is not { ValueKind: JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.String } value) return;
        var node = JsonNode.Parse(value.GetRawText());
        if (Redact(redaction, ref node)) activity.Value = JsonSerializer.SerializeToElement(node);
    }

    /// <summary>True when a string somewhere in <paramref name="node"/> changed.</summary>
    private static bool Redact(ITranscriptRedaction redaction, ref JsonNode? node)
    {
        switch (node)
        {
            case JsonValue leaf when leaf.TryGetValue<string>(out var text):
                var redacted = redaction.Redact(text);
                if (redacted == text) return false;
                node = JsonValue.Create(redacted);
                return true;
            case JsonObject obj:
                var changed = false;
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    var child = obj[name];
                    if (!Redact(redaction, ref child)) continue;
                    obj[name] = child;
                    changed = true;
                }
                return changed;
            case JsonArray array:
                var any = false;
                for (var i = 0; i < array.Count; i++)
                {
                    var child = array[i];
                    if (!Redact(redaction, ref child)) continue;
                    array[i] = child;
                    any = true;
                }
                return any;
            default:
                return false;
        }
    }
}
