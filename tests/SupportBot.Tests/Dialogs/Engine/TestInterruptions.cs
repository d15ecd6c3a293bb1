using SupportBot.Dialogs.Engine;
using SupportBot.Dialogs.Engine.Prompts;

namespace SupportBot.Tests.Dialogs.Engine;

/// <summary>The app's interruptions, as a flow would write them: help, cancel, start over, talk to a person, language.</summary>
public sealed class TestInterruptions(string rootDialogId) : IInterruptionHandler
{
    public async Task<bool> OnInterruptAsync(DialogContext dc, CancellationToken cancellationToken)
    {
        var turn = dc.Context;
        switch (TextNormalizer.Normalize(turn.Activity.Text))
        {
            case "help" or "帮助" or "ヘルプ":
                await turn.SendActivityAsync("Here is some help.", cancellationToken);
                await dc.RepromptDialogAsync(cancellationToken);
                return true;
            case "cancel" or "取消" or "キャンセル":
                await dc.CancelAllDialogsAsync(cancellationToken);
                await turn.SendActivityAsync("Cancelled.", cancellationToken);
                return true;
            case "startover" or "重新开始" or "最初から":
                await dc.CancelAllDialogsAsync(cancellationToken);
                await turn.SendActivityAsync("Starting over.", cancellationToken);
                await dc.BeginDialogAsync(rootDialogId, null, cancellationToken);
                return true;
            case "talktoaperson" or "转人工" or "担当者と話す":
                await turn.SendActivityAsync("An agent will join.", cancellationToken);
                await dc.RepromptDialogAsync(cancellationToken);
                return true;
            case "english" or "中文" or "日本語":
                var language = DialogLanguage.Normalize(turn.Activity.Text == "中文" ? "zh" : turn.Activity.Text == "日本語" ? "ja" : "en");
                turn.State.User.Get<UserPreferences>(UserPreferences.Property).Language = language;
                await turn.SendActivityAsync($"Language: {language}", cancellationToken);
                await dc.RepromptDialogAsync(cancellationToken);
                return true;
            default:
                return false;
        }
    }
}
