using System.Buffers;
using System.Text.Json;
using SupportBot.Bot.Schema;

namespace SupportBot.Bot.State;

/// <summary>
/// One loaded state document (conversation or user): named, typed, live properties over a JSON object.
/// Objects handed out are tracked and written back on save, so callers just mutate them. The scope
/// remembers the ETag it was read with, so saving a stale copy fails instead of overwriting.
/// </summary>
/// <remarks>
/// Each property is deserialised when first asked for and serialised once when the turn is saved; properties
/// nobody touched are copied through as stored. (Round-tripping the whole document through a JsonObject on every
/// check and save cost more than the rest of the state handling of a turn.)
/// </remarks>
public sealed class StateScope
{
    private JsonElement _stored;
    private readonly Dictionary<string, Slot> _live = new(StringComparer.Ordinal);
    private readonly HashSet<string> _removed = new(StringComparer.Ordinal);
    private bool _cleared;
    private PendingWrite? _pending;

    internal StateScope(string storageKey, StoreItem? item)
    {
        StorageKey = storageKey;
        ETag = item?.ETag;
        _stored = item is { Value.ValueKind: JsonValueKind.Object } ? item.Value : default;
    }

    public string StorageKey { get; }
    public string? ETag { get; private set; }

    /// <summary>The property as a live object, created empty if it is not there yet.</summary>
    public T Get<T>(string name) where T : class, new() => Find<T>(name) ?? Set(name, new T());

    /// <summary>The property as a live object, or null if it is not there.</summary>
    public T? Find<T>(string name) where T : class
    {
        if (_live.TryGetValue(name, out var slot))
        {
            if (slot is Slot<T> typed) return typed.Value;
            // Asked for as another type: read the current value as that type.
            var converted = JsonSerializer.Deserialize<T>(slot.Serialize(), ProtocolJson.Options);
            if (converted is not null) _live[name] = new Slot<T>(converted) { Saved = slot.Saved };
            return converted;
        }
        if (StoredProperty(name) is not { } stored || stored.ValueKind == JsonValueKind.Null) return null;
        var value = stored.Deserialize<T>(ProtocolJson.Options);
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
        _removed.Add(name);
    }

    public void Clear()
    {
        _live.Clear();
        _removed.Clear();
        _cleared = true;
    }

    /// <summary>True when saving would change the stored document.</summary>
    public bool HasChanges => Prepare() is not null;

    /// <summary>The document to write, or null when nothing changed; serialises each live property once.</summary>
    internal StoreItem? ToStoreItem() => Prepare() is { } pending ? new StoreItem(pending.Document, ETag) : null;

    internal void MarkSaved(string etag)
    {
        ETag = etag;
        // What was just written is what ToStoreItem prepared; the live objects did not change during the write.
        if (_pending is { } pending)
        {
            _stored = pending.Document;
            foreach (var (name, slot) in _live) slot.Saved = pending.Serialized[name];
        }
        _removed.Clear();
        _cleared = false;
        _pending = null;
    }

    private JsonElement? StoredProperty(string name) =>
        !_cleared && !_removed.Contains(name) && _stored.ValueKind == JsonValueKind.Object && _stored.TryGetProperty(name, out var value) ? value : null;

    /// <summary>Serialises the live properties and decides whether anything changed; cached until the next save.</summary>
    private PendingWrite? Prepare()
    {
        var serialized = new Dictionary<string, byte[]>(_live.Count, StringComparer.Ordinal);
        var changed = false;
        foreach (var (name, slot) in _live)
        {
            var bytes = slot.Serialize();
            serialized[name] = bytes;
            changed |= !slot.Matches(bytes, StoredPropertyIgnoringRemoval(name));
        }
        if (_stored.ValueKind == JsonValueKind.Object)
            foreach (var property in _stored.EnumerateObject())
                if ((_cleared || _removed.Contains(property.Name)) && !_live.ContainsKey(property.Name)) changed = true;
        if (!changed) return null;

        // The same live objects serialise to the same bytes: reuse the document built for this state of them.
        if (_pending is { } cached && SameBytes(cached.Serialized, serialized)) return cached;
        return _pending = new PendingWrite(Build(serialized), serialized);
    }

    private JsonElement? StoredPropertyIgnoringRemoval(string name) =>
        !_cleared && _stored.ValueKind == JsonValueKind.Object && _stored.TryGetProperty(name, out var value) ? value : null;

    /// <summary>Stored properties in their order (live ones in their place, removed ones left out), then new ones.</summary>
    private JsonElement Build(Dictionary<string, byte[]> serialized)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = ProtocolJson.Options.Encoder, SkipValidation = true }))
        {
            writer.WriteStartObject();
            var written = new HashSet<string>(StringComparer.Ordinal);
            if (!_cleared && _stored.ValueKind == JsonValueKind.Object)
                foreach (var property in _stored.EnumerateObject())
                {
                    if (serialized.TryGetValue(property.Name, out var live))
                    {
                        writer.WritePropertyName(property.Name);
                        writer.WriteRawValue(live, skipInputValidation: true);
                        written.Add(property.Name);
                    }
                    else if (!_removed.Contains(property.Name)) property.WriteTo(writer);
                }
            foreach (var (name, live) in serialized)
            {
                if (written.Contains(name)) continue;
                writer.WritePropertyName(name);
                writer.WriteRawValue(live, skipInputValidation: true);
            }
            writer.WriteEndObject();
        }
        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static bool SameBytes(Dictionary<string, byte[]> a, Dictionary<string, byte[]> b) =>
        a.Count == b.Count && a.All(pair => b.TryGetValue(pair.Key, out var other) && pair.Value.AsSpan().SequenceEqual(other));

    private sealed record PendingWrite(JsonElement Document, Dictionary<string, byte[]> Serialized);

    private abstract class Slot
    {
        /// <summary>The bytes this property was last saved as by this scope; null until the first save.</summary>
        public byte[]? Saved { get; set; }

        public abstract byte[] Serialize();

        /// <summary>Whether <paramref name="current"/> says the same as what is stored for the property.</summary>
        public abstract bool Matches(byte[] current, JsonElement? stored);
    }

    private sealed class Slot<T>(T value) : Slot where T : class
    {
        public T Value { get; } = value;

        public override byte[] Serialize() => JsonSerializer.SerializeToUtf8Bytes(Value, ProtocolJson.Options);

        public override bool Matches(byte[] current, JsonElement? stored)
        {
            if (Saved is not null) return current.AsSpan().SequenceEqual(Saved);
            if (stored is not { } element) return false;
            var raw = JsonMarshal(element);
            if (current.AsSpan().SequenceEqual(raw)) return true;
            // The store may keep JSON in its own form (PostgreSQL jsonb orders keys): compare as we would write it.
            var normalized = element.Deserialize<T>(ProtocolJson.Options);
            return normalized is not null && current.AsSpan().SequenceEqual(JsonSerializer.SerializeToUtf8Bytes(normalized, ProtocolJson.Options));
        }

        private static ReadOnlySpan<byte> JsonMarshal(JsonElement element) => System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(element);
    }
}
