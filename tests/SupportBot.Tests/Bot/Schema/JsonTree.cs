using System.Globalization;
using System.Text.Json.Nodes;

namespace SupportBot.Tests.Bot.Schema;

/// <summary>
/// Semantic comparison of two JSON trees: property order is ignored, numbers compare by value, and the activity's
/// timestamp fields compare as instants with their offsets (<c>+00:00</c> and <c>Z</c> are the same UTC time).
/// </summary>
public static class JsonTree
{
    private static readonly HashSet<string> TimestampProperties = new(StringComparer.Ordinal) { "timestamp", "localTimestamp", "expiration" };

    /// <summary>The first difference as a JSON path and a reason, or null when the trees are semantically equal.</summary>
    public static string? FirstDifference(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected, actual)
        {
            case (null, null):
                return null;
            case (null, _):
            case (_, null):
                return $"{path}: expected {expected?.ToJsonString() ?? "null"}, got {actual?.ToJsonString() ?? "null"}";
            case (JsonObject e, JsonObject a):
                foreach (var (name, value) in e)
                {
                    if (!a.TryGetPropertyValue(name, out var other)) return $"{path}.{name}: missing";
                    var difference = TimestampProperties.Contains(name) && SameInstant(value, other)
                        ? null
                        : FirstDifference(value, other, $"{path}.{name}");
                    if (difference is not null) return difference;
                }
                var extra = a.Select(p => p.Key).FirstOrDefault(name => !e.ContainsKey(name));
                return extra is null ? null : $"{path}.{extra}: not expected";
            case (JsonArray e, JsonArray a):
                if (e.Count != a.Count) return $"{path}: expected {e.Count} items, got {a.Count}";
                for (var i = 0; i < e.Count; i++)
                {
                    var difference = FirstDifference(e[i], a[i], $"{path}[{i}]");
                    if (difference is not null) return difference;
                }
                return null;
            case (JsonValue e, JsonValue a):
                return SameValue(e, a) ? null : $"{path}: expected {e.ToJsonString()}, got {a.ToJsonString()}";
            default:
                return $"{path}: expected {expected.GetValueKind()}, got {actual.GetValueKind()}";
        }
    }

    private static bool SameValue(JsonValue expected, JsonValue actual)
    {
        if (expected.GetValueKind() != actual.GetValueKind()) return false;
        return expected.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? expected.GetValue<decimal>() == actual.GetValue<decimal>()
            : expected.ToJsonString() == actual.ToJsonString();
    }

    private static bool SameInstant(JsonNode? expected, JsonNode? actual) =>
        expected is JsonValue e && actual is JsonValue a
        && e.TryGetValue<string>(out var expectedText) && a.TryGetValue<string>(out var actualText)
        && DateTimeOffset.TryParse(expectedText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var expectedTime)
        && DateTimeOffset.TryParse(actualText, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var actualTime)
        && expectedTime.UtcTicks == actualTime.UtcTicks && expectedTime.Offset == actualTime.Offset;
}
