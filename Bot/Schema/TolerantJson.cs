using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.Bot.Schema;

/// <summary>
/// What a client sends may parse as JSON and still be wrong in its parts: a number where a string belongs, a
/// <c>null</c> in a list, a lone UTF-16 surrogate (<c>"\ud800"</c> is valid JSON, RFC 8259 §8.2, but no valid string).
/// These readers treat such parts as absent, so every consumer of the schema sees well-formed values.
/// </summary>
public static class TolerantJson
{
    /// <summary>
    /// Rewrites, in place, every <c>\uXXXX</c> escape of an unpaired surrogate as <c>\ufffd</c> (the replacement
    /// character; same length). Run on an inbound body before parsing: a JsonElement keeps the escape, and reading it
    /// as a string (<c>GetString</c>) would throw in whichever part of the bot first looks at it.
    /// </summary>
    /// <returns>True when something was replaced.</returns>
    public static bool RepairLoneSurrogates(Span<byte> json)
    {
        var start = json.IndexOf((byte)'\\');
        if (start < 0) return false;
        var repaired = false;
        for (var i = start; i < json.Length - 1; i++)
        {
            if (json[i] != '\\') continue;
            if (json[i + 1] != 'u' || !TryHex(json, i + 2, out var unit))
            {
                i++; // \" \\ \n …: the escaped character is never the start of another escape.
                continue;
            }
            if (char.IsHighSurrogate((char)unit) && i + 11 < json.Length && json[i + 6] == '\\' && json[i + 7] == 'u'
                && TryHex(json, i + 8, out var next) && char.IsLowSurrogate((char)next))
            {
                i += 11; // a proper pair
                continue;
            }
            if (char.IsSurrogate((char)unit))
            {
                "fffd"u8.CopyTo(json[(i + 2)..]);
                repaired = true;
            }
            i += 5;
        }
        return repaired;
    }

    /// <summary>Deserializes <paramref name="element"/>, or null when its shape does not fit <typeparamref name="T"/>.</summary>
    public static T? TryDeserialize<T>(JsonElement element) where T : class
    {
        try
        {
            return element.Deserialize<T>(ProtocolJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool TryHex(ReadOnlySpan<byte> json, int at, out int value)
    {
        value = 0;
        if (at + 4 > json.Length) return false;
        for (var k = at; k < at + 4; k++)
        {
            var digit = json[k] switch
            {
                >= (byte)'0' and <= (byte)'9' => json[k] - '0',
                >= (byte)'a' and <= (byte)'f' => json[k] - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => json[k] - 'A' + 10,
                _ => -1,
            };
            if (digit < 0) return false;
            value = (value << 4) | digit;
        }
        return true;
    }

    /// <summary>
    /// A string, or null for any other token (a number, an object, …): <c>"tenant":{"id":1}</c> is a tenant without an id.
    /// A lone surrogate is read as U+FFFD instead of failing.
    /// </summary>
    public sealed class StringConverter : JsonConverter<string>
    {
        public override bool HandleNull => false;

        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType is not (JsonTokenType.String or JsonTokenType.PropertyName))
            {
                reader.Skip();
                return null;
            }
            try
            {
                return reader.GetString();
            }
            catch (InvalidOperationException)
            {
                return ReadRepaired(ref reader);
            }
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

        public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            try
            {
                return reader.GetString()!;
            }
            catch (InvalidOperationException)
            {
                return ReadRepaired(ref reader);
            }
        }

        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WritePropertyName(value);

        private static string ReadRepaired(ref Utf8JsonReader reader)
        {
            var raw = reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray();
            var quoted = new byte[raw.Length + 2];
            quoted[0] = quoted[^1] = (byte)'"';
            raw.CopyTo(quoted, 1);
            RepairLoneSurrogates(quoted);
            var copy = new Utf8JsonReader(quoted);
            copy.Read();
            return copy.GetString()!;
        }
    }

    /// <summary>For list properties of the schema: <c>null</c> items are left out (<c>"membersAdded":[null]</c> adds nobody).</summary>
    public sealed class SkipNullItemsConverter : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) =>
            typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(List<>)
            && !typeToConvert.GetGenericArguments()[0].IsValueType;

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(ListConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

        private sealed class ListConverter<T> : JsonConverter<List<T>> where T : class
        {
            public override List<T>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            {
                if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException($"Expected a list of {typeof(T).Name}.");
                var items = new List<T>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                    if (reader.TokenType != JsonTokenType.Null && JsonSerializer.Deserialize<T>(ref reader, options) is { } item) items.Add(item);
                return items;
            }

            public override void Write(Utf8JsonWriter writer, List<T> value, JsonSerializerOptions options)
            {
                writer.WriteStartArray();
                foreach (var item in value) JsonSerializer.Serialize(writer, item, options);
                writer.WriteEndArray();
            }
        }
    }
}
