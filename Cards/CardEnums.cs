using System.Text.Json;
using System.Text.Json.Serialization;

namespace SupportBot.Cards;

// Enum values as the Adaptive Card 1.5 schema spells them (adaptive-card-1.5.json definitions of the same name).
// Each enum carries its own converter, so a card writes the same JSON whichever options serialize it.

/// <summary>Writes enum members in camelCase (<c>ExtraLarge</c> → <c>extraLarge</c>), as the schema lists them.</summary>
public sealed class CamelCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.CamelCase, allowIntegerValues: false)
    where TEnum : struct, Enum;

[JsonConverter(typeof(CamelCaseEnumConverter<Spacing>))]
public enum Spacing { Default, None, Small, Medium, Large, ExtraLarge, Padding }

/// <summary>Schema name: <c>FontSize</c>.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<FontSize>))]
public enum FontSize { Default, Small, Medium, Large, ExtraLarge }

[JsonConverter(typeof(CamelCaseEnumConverter<FontWeight>))]
public enum FontWeight { Default, Lighter, Bolder }

[JsonConverter(typeof(CamelCaseEnumConverter<FontType>))]
public enum FontType { Default, Monospace }

/// <summary>Schema name: <c>Colors</c>.</summary>
[JsonConverter(typeof(CamelCaseEnumConverter<TextColor>))]
public enum TextColor { Default, Dark, Light, Accent, Good, Warning, Attention }

[JsonConverter(typeof(CamelCaseEnumConverter<TextBlockStyle>))]
public enum TextBlockStyle { Default, Heading }

[JsonConverter(typeof(CamelCaseEnumConverter<HorizontalAlignment>))]
public enum HorizontalAlignment { Left, Center, Right }

[JsonConverter(typeof(CamelCaseEnumConverter<VerticalContentAlignment>))]
public enum VerticalContentAlignment { Top, Center, Bottom }

[JsonConverter(typeof(CamelCaseEnumConverter<ContainerStyle>))]
public enum ContainerStyle { Default, Emphasis, Good, Attention, Warning, Accent }

[JsonConverter(typeof(CamelCaseEnumConverter<ImageSize>))]
public enum ImageSize { Auto, Stretch, Small, Medium, Large }

[JsonConverter(typeof(CamelCaseEnumConverter<ImageStyle>))]
public enum ImageStyle { Default, Person }

[JsonConverter(typeof(CamelCaseEnumConverter<TextInputStyle>))]
public enum TextInputStyle { Text, Tel, Url, Email, Password }

[JsonConverter(typeof(CamelCaseEnumConverter<ChoiceInputStyle>))]
public enum ChoiceInputStyle { Compact, Expanded }

[JsonConverter(typeof(CamelCaseEnumConverter<ActionStyle>))]
public enum ActionStyle { Default, Positive, Destructive }

[JsonConverter(typeof(CamelCaseEnumConverter<ActionMode>))]
public enum ActionMode { Primary, Secondary }

/// <summary>Which inputs an action gathers and validates (PROTOCOL.md §5.3); the schema lists <c>Auto</c>/<c>None</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AssociatedInputs>))]
public enum AssociatedInputs { Auto, None }
