using System.Text.Json.Serialization;

namespace SupportBot.Cards;

/// <summary>
/// A card body element. The JSON <c>type</c> is the discriminator registered below, so a list of elements
/// writes (and reads back) each element with its schema name.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(TextBlock), "TextBlock")]
[JsonDerivedType(typeof(RichTextBlock), "RichTextBlock")]
[JsonDerivedType(typeof(FactSet), "FactSet")]
[JsonDerivedType(typeof(Container), "Container")]
[JsonDerivedType(typeof(ColumnSet), "ColumnSet")]
[JsonDerivedType(typeof(Image), "Image")]
[JsonDerivedType(typeof(ActionSet), "ActionSet")]
[JsonDerivedType(typeof(InputText), "Input.Text")]
[JsonDerivedType(typeof(InputChoiceSet), "Input.ChoiceSet")]
[JsonDerivedType(typeof(InputToggle), "Input.Toggle")]
[JsonDerivedType(typeof(InputDate), "Input.Date")]
public abstract class AdaptiveElement
{
    public string? Id { get; init; }
    public Spacing? Spacing { get; init; }
    public bool? Separator { get; init; }
    public bool? IsVisible { get; init; }
}

/// <summary>Text with the Adaptive Card markdown subset. Show text a user typed with <see cref="UserText"/>.</summary>
public sealed class TextBlock(string text) : AdaptiveElement
{
    public string Text { get; } = text;
    public bool? Wrap { get; init; }
    public FontSize? Size { get; init; }
    public FontWeight? Weight { get; init; }
    public TextColor? Color { get; init; }
    public bool? IsSubtle { get; init; }
    public FontType? FontType { get; init; }
    public TextBlockStyle? Style { get; init; }
    public HorizontalAlignment? HorizontalAlignment { get; init; }
    public int? MaxLines { get; init; }
}

/// <summary>Text made of runs; a <see cref="TextRun"/> is never interpreted as markdown (schema: "Markdown is not supported").</summary>
public sealed class RichTextBlock : AdaptiveElement
{
    public List<TextRun> Inlines { get; init; } = [];
    public HorizontalAlignment? HorizontalAlignment { get; init; }
}

public sealed class TextRun(string text)
{
    // Optional in the schema for a lone run, required by ImplementationsOf.Inline; always written.
    [JsonPropertyOrder(-1)]
    public string Type => "TextRun";
    public string Text { get; } = text;
    public FontSize? Size { get; init; }
    public FontWeight? Weight { get; init; }
    public TextColor? Color { get; init; }
    public bool? IsSubtle { get; init; }
    public bool? Italic { get; init; }
    public bool? Strikethrough { get; init; }
    public bool? Highlight { get; init; }
    public bool? Underline { get; init; }
    public FontType? FontType { get; init; }
}

public sealed class FactSet : AdaptiveElement
{
    public List<Fact> Facts { get; init; } = [];
}

/// <summary>A title/value row; hosts may apply markdown to both, so escape user text with <see cref="UserText.EscapeMarkdown"/>.</summary>
public sealed record Fact(string Title, string Value);

public sealed class Container : AdaptiveElement
{
    public List<AdaptiveElement> Items { get; init; } = [];
    public ContainerStyle? Style { get; init; }
    public VerticalContentAlignment? VerticalContentAlignment { get; init; }
    public bool? Bleed { get; init; }
    public AdaptiveAction? SelectAction { get; init; }
}

public sealed class ColumnSet : AdaptiveElement
{
    [OmitWhenEmpty]
    public List<Column> Columns { get; init; } = [];
    public ContainerStyle? Style { get; init; }
    public bool? Bleed { get; init; }
    public HorizontalAlignment? HorizontalAlignment { get; init; }
}

/// <summary>A column of a <see cref="ColumnSet"/> (not an element of its own).</summary>
public sealed class Column
{
    [JsonPropertyOrder(-1)]
    public string Type => "Column";
    public string? Id { get; init; }
    [OmitWhenEmpty]
    public List<AdaptiveElement> Items { get; init; } = [];
    /// <summary><c>auto</c>, <c>stretch</c>, a weight such as <c>2</c>, or pixels such as <c>50px</c>.</summary>
    public string? Width { get; init; }
    public ContainerStyle? Style { get; init; }
    public VerticalContentAlignment? VerticalContentAlignment { get; init; }
    public Spacing? Spacing { get; init; }
    public bool? Separator { get; init; }
}

public sealed class Image(string url) : AdaptiveElement
{
    public string Url { get; } = url;
    public string? AltText { get; init; }
    public ImageSize? Size { get; init; }
    public ImageStyle? Style { get; init; }
    public HorizontalAlignment? HorizontalAlignment { get; init; }
    public AdaptiveAction? SelectAction { get; init; }
}

/// <summary>Actions placed in the body; the place for <see cref="ActionExecute"/> with a fallback (PROTOCOL.md §4.3).</summary>
public sealed class ActionSet : AdaptiveElement
{
    public List<AdaptiveAction> Actions { get; init; } = [];
}
