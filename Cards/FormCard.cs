using SupportBot.Requests.Forms;

namespace SupportBot.Cards;

/// <summary>
/// A request form as an Adaptive Card: one input per field of a <see cref="FormDefinition"/>, the values kept and
/// each server-side error written under its field. Inputs are not marked isRequired, so the client never blocks
/// a submit and the server's own check (and its marked card) always answers; a "*" marks required fields instead.
/// </summary>
public static class FormCard
{
    /// <param name="Text">Localized text by key (labels <c>form.&lt;form&gt;.&lt;field&gt;.label</c>, choices, buttons).</param>
    /// <param name="ReadOnly">Lines shown read-only under the fields (the self-help already tried).</param>
    public sealed record Rendering(
        FormDefinition Form,
        string Language,
        Func<string, string?> Text,
        IReadOnlyDictionary<string, string> Values,
        IReadOnlyDictionary<string, string> Errors,
        string SubmissionId,
        string? ReadOnlyTitle = null,
        IReadOnlyList<string>? ReadOnly = null,
        string? Summary = null);

    public static AdaptiveCard Build(Rendering r)
    {
        string Label(string key) => r.Text(key) ?? key;
        var body = new List<AdaptiveElement>
        {
            CardParts.Heading(Label($"form.{r.Form.Name}.title")),
        };
        if (r.Text($"form.{r.Form.Name}.intro") is { } intro) body.Add(CardParts.Paragraph(intro, subtle: true));
        if (r.Errors.Count > 0)
            body.Add(new TextBlock(r.Summary ?? Label("form.fixErrors")) { Wrap = true, Color = TextColor.Attention, Weight = FontWeight.Bolder });
        if (r.Errors.TryGetValue("", out var formError))
            body.Add(new TextBlock(formError) { Wrap = true, Color = TextColor.Attention });

        foreach (var field in r.Form.Fields)
        {
            body.Add(Input(field, r, Label));
            if (r.Errors.TryGetValue(field.Id, out var error))
                body.Add(new TextBlock($"⚠ {error}") { Wrap = true, Color = TextColor.Attention, Size = FontSize.Small, Spacing = Spacing.None });
        }

        if (r.ReadOnlyTitle is not null)
        {
            var items = new List<AdaptiveElement> { new TextBlock(r.ReadOnlyTitle) { Weight = FontWeight.Bolder, Wrap = true } };
            items.AddRange((r.ReadOnly ?? []).Select(line => CardParts.Paragraph(line, subtle: true)));
            body.Add(new Container { Separator = true, Style = ContainerStyle.Emphasis, Items = items });
        }
        body.Add(CardParts.Paragraph(Label("form.requiredNote"), subtle: true));

        var submit = new Dictionary<string, string> { [FormSubmitData.FormKey] = r.Form.Name, [FormSubmitData.SubmissionIdKey] = r.SubmissionId };
        var cancel = new Dictionary<string, string>(submit) { ["action"] = "cancel" };
        return CardParts.Card(r.Language, body,
        [
            new ActionSubmit { Title = Label("form.submit"), Style = ActionStyle.Positive, Data = CardData.From(submit) },
            new ActionSubmit { Title = Label("form.cancel"), Data = CardData.From(cancel), AssociatedInputs = AssociatedInputs.None },
        ], fallbackText: Label($"form.{r.Form.Name}.title"));
    }

    private static AdaptiveElement Input(FieldDefinition field, Rendering r, Func<string, string> label)
    {
        var key = $"form.{r.Form.Name}.{field.Id}";
        var text = label($"{key}.label") + (field.Required && field.RequiredWhen is null ? " *" : "");
        var value = r.Values.GetValueOrDefault(field.Id);
        var placeholder = r.Text($"{key}.placeholder");
        return field.Kind switch
        {
            FieldKind.Choice or FieldKind.MultiChoice => new InputChoiceSet(field.Id)
            {
                Label = text,
                Value = value,
                IsMultiSelect = field.Kind == FieldKind.MultiChoice ? true : null,
                Style = field.Kind == FieldKind.MultiChoice || field.Choices.Count <= 3 ? ChoiceInputStyle.Expanded : ChoiceInputStyle.Compact,
                Wrap = true,
                Choices = field.Choices.Select(choice => new InputChoice(label($"{field.ChoiceStringPrefix ?? key}.{choice}"), choice)).ToList(),
            },
            FieldKind.Date => new InputDate(field.Id) { Label = text, Value = value, Placeholder = placeholder },
            _ => new InputText(field.Id)
            {
                Label = text,
                Value = value,
                Placeholder = placeholder,
                MaxLength = field.MaxLength,
                IsMultiline = field.Kind == FieldKind.MultilineText ? true : null,
                Style = field.Kind switch
                {
                    FieldKind.Email => TextInputStyle.Email,
                    FieldKind.Phone => TextInputStyle.Tel,
                    _ => null,
                },
            },
        };
    }
}
