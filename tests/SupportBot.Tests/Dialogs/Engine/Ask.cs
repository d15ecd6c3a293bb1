using SupportBot.Bot.Schema;
using SupportBot.Dialogs.Engine.Prompts;

namespace SupportBot.Tests.Dialogs.Engine;

/// <summary>Short prompt options for tests.</summary>
public static class Ask
{
    public static PromptOptions Text(string prompt, string? retry = null) => new()
    {
        Prompt = PromptMessage.Literal(prompt),
        RetryPrompt = retry is null ? null : PromptMessage.Literal(retry),
    };

    public static PromptOptions Choose(string prompt, params Choice[] choices) => new()
    {
        Prompt = PromptMessage.Literal(prompt),
        RetryPrompt = PromptMessage.Literal($"Please pick one. {prompt}"),
        Choices = [.. choices],
    };

    /// <summary>Billing and Account setup, titled in the three languages.</summary>
    public static Choice[] Topics() =>
    [
        new Choice("billing", "Billing", ["invoice"]) { Titles = new() { ["en"] = "Billing", ["zh-Hans"] = "账单", ["ja"] = "請求" } },
        new Choice("account", "Account setup") { Titles = new() { ["en"] = "Account setup", ["zh-Hans"] = "账户设置", ["ja"] = "アカウントの設定" } },
    ];

    public static Activity Say(string text, string locale = "en-US") => new() { Type = ActivityTypes.Message, Text = text, Locale = locale };
}
