using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Bot.Schema;

namespace SupportBot.Dialogs.Engine;

/// <summary>
/// One entry of the dialog stack: which dialog, and its state as plain JSON. Only data lives here, never
/// delegates or live objects, so the stack can be saved and continued by another process.
/// </summary>
public sealed class DialogInstance
{
    public string Id { get; set; } = string.Empty;

    public JsonObject State { get; set; } = [];

    public T? Read<T>(string key) =>
        State.TryGetPropertyValue(key, out var node) && node is not null ? node.Deserialize<T>(ProtocolJson.Options) : default;

    public void Write<T>(string key, T value) => State[key] = JsonSerializer.SerializeToNode(value, ProtocolJson.Options);
}
