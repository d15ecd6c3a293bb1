using SupportBot.Bot.Turn;
using SupportBot.Dialogs.Engine;

namespace SupportBot.Tests.Dialogs.Engine;

/// <summary>A bot that runs one root dialog; when the stack completes it says <c>done: &lt;result JSON&gt;</c>, so tests see results.</summary>
public sealed class DialogTestBot : BotApplication
{
    public DialogTestBot(Dialog root, DialogRunner? runner = null)
    {
        runner ??= new DialogRunner();
        OnMessage(async (turn, cancellationToken) =>
        {
            var result = await runner.RunAsync(turn, root, cancellationToken);
            if (result.Status == DialogTurnStatus.Complete)
                await turn.SendActivityAsync($"done: {result.Result?.GetRawText() ?? "null"}", cancellationToken);
        });
    }
}
