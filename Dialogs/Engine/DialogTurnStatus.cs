namespace SupportBot.Dialogs.Engine;

/// <summary>Where a dialog turn left the stack (the Bot Framework SDK's names).</summary>
public enum DialogTurnStatus
{
    /// <summary>Nothing was on the stack.</summary>
    Empty,

    /// <summary>The active dialog waits for the user's next message.</summary>
    Waiting,

    /// <summary>The last dialog on the stack ended; its result is in <see cref="DialogTurnResult.Result"/>.</summary>
    Complete,

    /// <summary>The stack was cancelled.</summary>
    Cancelled,
}
