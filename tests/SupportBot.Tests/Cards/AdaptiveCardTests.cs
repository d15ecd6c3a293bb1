using System.Text.Json;
using SupportBot.Bot.Schema;
using SupportBot.Cards;
using SupportBot.Dialogs.Engine.CardForms;

namespace SupportBot.Tests.Cards;

public sealed class AdaptiveCardTests
{
    private static AdaptiveCard EveryKind()
    {
        var form = FormSubmitData.NewSubmission("serviceRequest");
        return new AdaptiveCard
        {
            FallbackText = "Service request",
            Lang = "zh-CN",
            Refresh = new Refresh(new ActionExecute { Verb = "refreshRequest", Data = CardData.From(form) }) { UserIds = ["29:1abc"] },
            Body =
            {
                new TextBlock("Service request 服务请求") { Size = FontSize.ExtraLarge, Weight = FontWeight.Bolder, Style = TextBlockStyle.Heading, Wrap = true, Color = TextColor.Accent },
                new RichTextBlock { Inlines = { new TextRun("Plain ") { Italic = true }, new TextRun("run") } },
                new FactSet { Facts = { new Fact("Status", "Open"), new Fact("状态", "处理中") } },
                new Container
                {
                    Style = ContainerStyle.Emphasis,
                    Spacing = Spacing.Medium,
                    Items = { new Image("https://example.com/a.png") { AltText = "logo", Size = ImageSize.Small, Style = ImageStyle.Person } },
                    SelectAction = new ActionOpenUrl("https://example.com"),
                },
                new ColumnSet
                {
                    Columns =
                    {
                        new Column { Width = "auto", Items = { new TextBlock("left") } },
                        new Column { Width = "stretch", Items = { new TextBlock("right") { HorizontalAlignment = HorizontalAlignment.Right } } },
                    },
                },
                new InputText("title") { Label = "Title", IsRequired = true, ErrorMessage = "Required", Placeholder = "…", MaxLength = 200, Regex = "^.+$", Style = TextInputStyle.Text, IsMultiline = false },
                new InputText("details") { Label = "Details", IsMultiline = true, Value = "x" },
                new InputChoiceSet("product")
                {
                    Label = "Product",
                    Style = ChoiceInputStyle.Compact,
                    IsMultiSelect = true,
                    Value = "m365,azure",
                    Choices = { new InputChoice("Microsoft 365", "m365"), new InputChoice("Azure", "azure") },
                },
                new InputToggle("urgent", "Urgent") { ValueOn = "yes", ValueOff = "no", Value = "no", Wrap = true },
                new InputDate("since") { Label = "Since", Value = InputDate.Format(new DateOnly(2026, 1, 2)), Min = "2025-01-01" },
                new ActionSet
                {
                    Actions =
                    {
                        new ActionExecute
                        {
                            Title = "Send",
                            Verb = "submitForm",
                            Data = CardData.From(form),
                            AssociatedInputs = AssociatedInputs.Auto,
                            Style = ActionStyle.Positive,
                            Fallback = ActionSubmit.ForForm("Send", form),
                        },
                    },
                },
            },
            Actions =
            {
                ActionSubmit.ForForm("Submit", form),
                new ActionSubmit { Title = "Cancel", Data = CardData.From(new { form = "serviceRequest", cancel = true }), AssociatedInputs = AssociatedInputs.None, Mode = ActionMode.Secondary },
                new ActionOpenUrl("https://portal.partner.microsoftonline.cn") { Title = "Partner Center" },
                new ActionShowCard(new AdaptiveCard { Body = { new InputText("comment") { Label = "Comment" } }, Actions = { ActionSubmit.ForForm("OK", form) } }) { Title = "Comment" },
            },
        };
    }

    [Fact]
    public void A_card_with_every_element_input_and_action_is_schema_valid()
    {
        CardSchema.AssertValid(EveryKind());
    }

    [Fact]
    public void Every_type_is_written_with_its_schema_name()
    {
        var json = EveryKind().ToJson();

        foreach (var type in new[]
        {
            "AdaptiveCard", "TextBlock", "RichTextBlock", "TextRun", "FactSet", "Container", "ColumnSet", "Column", "Image", "ActionSet",
            "Input.Text", "Input.ChoiceSet", "Input.Toggle", "Input.Date", "Action.Submit", "Action.Execute", "Action.OpenUrl", "Action.ShowCard",
        })
            Assert.Contains($"\"type\":\"{type}\"", json);
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        Assert.Equal("1.5", root.GetProperty("version").GetString());
        Assert.Equal("http://adaptivecards.io/schemas/adaptive-card.json", root.GetProperty("$schema").GetString());
        Assert.Equal("Action.Execute", root.GetProperty("refresh").GetProperty("action").GetProperty("type").GetString());
        Assert.Equal("extraLarge", root.GetProperty("body")[0].GetProperty("size").GetString());
        Assert.Equal("Action.Submit", root.GetProperty("body")[10].GetProperty("actions")[0].GetProperty("fallback").GetProperty("type").GetString());
    }

    [Fact]
    public void Nulls_and_empty_optional_lists_are_left_out()
    {
        var json = new AdaptiveCard { Body = { new TextBlock("hi") } }.ToJson();

        Assert.Equal("""{"type":"AdaptiveCard","$schema":"http://adaptivecards.io/schemas/adaptive-card.json","version":"1.5","body":[{"type":"TextBlock","text":"hi"}]}""", json);
    }

    [Fact]
    public void A_misspelt_property_or_unknown_type_fails_validation()
    {
        var valid = new AdaptiveCard { Body = { new TextBlock("hi") } }.ToJson();
        CardSchema.AssertValid(valid);

        Assert.NotEmpty(CardSchema.Errors(valid.Replace("\"text\":\"hi\"", "\"text\":\"hi\",\"wrapp\":true")));
        Assert.NotEmpty(CardSchema.Errors(valid.Replace("\"TextBlock\"", "\"TextBlok\"")));
        Assert.NotEmpty(CardSchema.Errors(valid.Replace("\"body\"", "\"bodie\"")));
    }

    [Fact]
    public void The_attachment_has_the_adaptive_card_content_type_and_the_card_as_content()
    {
        var attachment = EveryKind().ToAttachment();

        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.ContentType);
        Assert.Equal("AdaptiveCard", attachment.Content!.Value.GetProperty("type").GetString());
        CardSchema.AssertValid(attachment.Content.Value.GetRawText());
        // Inside an activity, the card stays as written.
        var activityJson = ProtocolJson.Serialize(new Activity { Type = ActivityTypes.Message, Attachments = [attachment] });
        Assert.Contains("\"type\":\"Input.ChoiceSet\"", activityJson);
    }

    [Fact]
    public void A_card_over_28_KB_is_refused_and_one_just_under_is_sent()
    {
        string CardJsonWith(int characters) => new AdaptiveCard { Body = { new TextBlock(new string('a', characters)) } }.ToJson();
        var overhead = CardJsonWith(0).Length;

        Assert.Equal(28 * 1024, CardJsonWith(28 * 1024 - overhead).Length);
        var error = Assert.Throws<CardTooLargeException>(() => CardJsonWith(28 * 1024 - overhead + 1));
        Assert.Equal(28 * 1024 + 1, error.Bytes);
        // Counted in UTF-8 bytes as sent: 3 bytes per CJK character.
        Assert.Throws<CardTooLargeException>(() => new AdaptiveCard { Body = { new TextBlock(new string('中', 10_000)) } }.ToAttachment());
    }

    [Fact]
    public void An_input_id_that_clashes_with_action_data_or_another_input_is_refused()
    {
        var form = FormSubmitData.NewSubmission("f");

        Assert.Throws<InvalidOperationException>(() => new AdaptiveCard { Body = { new InputText("submissionId") }, Actions = { ActionSubmit.ForForm("Go", form) } }.ToJson());
        Assert.Throws<InvalidOperationException>(() => new AdaptiveCard { Body = { new InputText("x"), new Container { Items = { new InputDate("x") } } } }.ToJson());
        Assert.Throws<InvalidOperationException>(() => new AdaptiveCard
        {
            Body = { new InputText("verb") },
            Actions = { new ActionShowCard(new AdaptiveCard { Actions = { new ActionSubmit { Data = CardData.From(new { verb = "x" }) } } }) },
        }.ToJson());
    }

    [Fact]
    public void Data_must_be_an_object_and_choice_values_carry_no_comma()
    {
        Assert.Throws<ArgumentException>(() => CardData.From("text"));
        Assert.Throws<ArgumentException>(() => new InputChoice("A, B", "a,b"));
        Assert.Throws<ArgumentException>(() => new Refresh(new ActionExecute()) { UserIds = Enumerable.Range(0, 61).Select(i => $"29:{i}").ToList() });
    }

    [Fact]
    public void A_submission_is_read_back_with_form_id_and_merged_inputs()
    {
        var data = FormSubmitData.NewSubmission("serviceRequest");
        var merged = CardData.From(data).Deserialize<Dictionary<string, JsonElement>>()!;
        merged["title"] = JsonSerializer.SerializeToElement("Cannot sign in");
        merged["product"] = JsonSerializer.SerializeToElement("m365,azure");

        // The engine's reader is the one reader of the submit contract (Dialogs/Engine/CardForms/CardSubmission).
        static CardSubmission? Read(object value) => CardSubmission.From(new Activity { Type = ActivityTypes.Message, Value = JsonSerializer.SerializeToElement(value) });
        var submission = Read(merged);
        Assert.NotNull(submission);
        Assert.Equal("serviceRequest", submission.Form);
        Assert.Equal(data.SubmissionId, submission.SubmissionId);
        Assert.Equal(new Dictionary<string, string> { ["title"] = "Cannot sign in", ["product"] = "m365,azure" },
            submission.Values.ToDictionary(pair => pair.Key, pair => pair.Value!.GetValue<string>()));
        Assert.Null(Read(new { title = "x" }));
        Assert.NotEqual(data.SubmissionId, FormSubmitData.NewSubmission("serviceRequest").SubmissionId);
    }

    [Fact]
    public void A_card_round_trips_through_json()
    {
        var json = EveryKind().ToJson();

        var back = JsonSerializer.Deserialize<AdaptiveCard>(json, CardJson.Options)!;

        Assert.IsType<InputChoiceSet>(back.Body[7]);
        Assert.Equal(json, back.ToJson());
    }
}
