using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace SupportBot.Cards;

/// <summary>The wire options (<c>ProtocolJson.Options</c>) plus one rule: optional lists that are empty are left out.</summary>
public static class CardJson
{
    public static readonly JsonSerializerOptions Options = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(Bot.Schema.ProtocolJson.Options)
        {
            TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { OmitEmptyLists } },
        };
        options.MakeReadOnly();
        return options;
    }

    private static void OmitEmptyLists(JsonTypeInfo typeInfo)
    {
        foreach (var property in typeInfo.Properties)
            if (property.AttributeProvider?.IsDefined(typeof(OmitWhenEmptyAttribute), inherit: false) == true)
                property.ShouldSerialize = (_, value) => value is ICollection { Count: > 0 };
    }
}

/// <summary>An optional list of the schema: written only when it has items (required lists are always written).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class OmitWhenEmptyAttribute : Attribute;
