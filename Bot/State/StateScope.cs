using System.Text.Json;
using System.Text.Json.Nodes;
using SupportBot.Bot.Schema;

namespace SupportBot.Bot.State;

/// <summary>
/// One loaded state document (conversation or user): named, typed, live properties over a JSON object.
/// Objects handed out are tracked and written back on save, so callers just mutate them. The scope
/// remembers the ETag it was read with, so saving a stale copy fails instead of overwriting.
/// </summary>
public sealed class StateScope
{
    private readonly JsonObject _data;
    private readonly Dictionary<string, Slot> _live = new(StringComparer.Ordinal);
    private string _savedJson;

    internal StateScope(string storageKey, StoreItem? item)
    {
        StorageKey = storageKey;
        ETag = item?.ETag;
        _data = item is { Value.ValueKind: JsonValueKind.Object } ? JsonNode.Parse(item.Value.GetRawText())!.AsObject() : new JsonObject();
        _savedJson = _data.ToJsonString(ProtocolJson.Options);
    }

    public string StorageKey { get; }
    public string? ETag { get; private set; }

    /// <summary>The property as a live object, created empty if it is not there yet.</summary>
    public T Get<T>(string name) where T : class, new() => Find<T>(name) ?? Set(name, new T());

    /// <summary>The property as a live object, or null if it is not there.</summary>
    public T? Find<T>(string name) where T : class
    {
        if (_live.TryGetValue(name, out var slot) && slot is Slot<T> typed) return typed.Value;
        if (!_data.TryGetPropertyValue(name, out var node) || node is null) return null;
        var value = node.Deserialize<T>(ProtocolJson.Options);
        if (value is not null) _live[name] = new Slot<T>(value);
        return value;
    }

    public T Set<T>(string name, T value) where T : class
    {
        _live[name] = new Slot<T>(value);
        return value;
    }

    public void Remove(string name)
    {
        _live.Remove(name);
        _data.Remove(name);
    }

    public void Clear()
    {
        _live.Clear();
        _data.Clear();
    }

    public bool HasChanges => Flush() != _savedJson;

    internal StoreItem ToStoreItem() => new(JsonSerializer.SerializeToElement(JsonNode.Parse(Flush())), ETag);

    internal void MarkSaved(string etag)
    {
        ETag = etag;
        _savedJson = Flush();
    }

    private string Flush()
    {
        foreach (var (name, slot) in _live) _data[name] = slot.ToNode();
        return _data.ToJsonString(ProtocolJson.Options);
    }

    private abstract class Slot
    {
        public abstract JsonNode? ToNode();
    }

    private sealed class Slot<T>(T value) : Slot where T : class
    {
        public T Value { get; } = value;
        public override JsonNode? ToNode() => JsonSerializer.SerializeToNode(Value, ProtocolJson.Options);
    }
}
