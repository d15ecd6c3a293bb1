namespace SupportBot.Dialogs.Engine;

/// <summary>A dialog stack as stored in conversation state; <c>Stack[0]</c> is the active dialog, as in the Bot Framework SDK.</summary>
public sealed class DialogState
{
    public List<DialogInstance> Stack { get; set; } = [];
}
