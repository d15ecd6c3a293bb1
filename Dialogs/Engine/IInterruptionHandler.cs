namespace SupportBot.Dialogs.Engine;

/// <summary>
/// Sees every message before the active dialog does: the one place for "help", "cancel", "start over",
/// "talk to a person" and a language switch. The stack stays as it is unless the handler changes it.
/// </summary>
public interface IInterruptionHandler
{
    /// <returns>True when the message was handled and the active dialog must not see it.</returns>
    Task<bool> OnInterruptAsync(DialogContext dc, CancellationToken cancellationToken);
}
