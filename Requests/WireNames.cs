using System.Collections.Concurrent;
using System.Text.Json;

namespace SupportBot.Requests;

/// <summary>
/// How the enums of the request rules are written where they leave the code (card data, form values, stored
/// documents, string keys): the member's name in camelCase, e.g. <c>RequesterRole.Partner</c> ↔ "partner",
/// <c>FormKind.ServiceRequest</c> ↔ "serviceRequest". Parsing is exact, so a value a client makes up is not one.
/// </summary>
public static class WireNames
{
    private static readonly ConcurrentDictionary<Type, IReadOnlyDictionary<string, Enum>> ByName = new();

    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());

    public static TEnum? Parse<TEnum>(string? name) where TEnum : struct, Enum =>
        name is not null && Names<TEnum>().TryGetValue(name, out var value) ? (TEnum)value : null;

    /// <summary>Every member's wire name, in declaration order.</summary>
    public static string[] All<TEnum>() where TEnum : struct, Enum => Enum.GetValues<TEnum>().Select(Of).ToArray();

    private static IReadOnlyDictionary<string, Enum> Names<TEnum>() where TEnum : struct, Enum =>
        ByName.GetOrAdd(typeof(TEnum), _ => Enum.GetValues<TEnum>().ToDictionary(value => Of(value), value => (Enum)value, StringComparer.Ordinal));
}
