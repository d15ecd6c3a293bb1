using System.Text.Json;
using SupportBot.Bot.Schema;

namespace SupportBot.Dialogs.Engine;

/// <summary>Options and results travel as JSON, so they are stored exactly as the next process will read them.</summary>
internal static class DialogJson
{
    // Typed as nullable so callers land on the JsonElement? overloads, not back on the generic ones.
    public static JsonElement? From<T>(T value) => ProtocolJson.ToElement(value);
}
