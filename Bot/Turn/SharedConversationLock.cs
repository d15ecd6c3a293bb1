namespace SupportBot.Bot.Turn;

/// <summary>
/// Serialises turns of one conversation across bot instances that share their storage. The adapter takes it after
/// its in-process lock, so an instance asks for each conversation once at a time. Without one (a single instance)
/// the in-process lock is enough; with one, a second instance's turn waits instead of failing the ETag check.
/// </summary>
public interface ISharedConversationLock
{
    /// <summary>Held until disposed. After a bounded wait it may return without the lock (logged): the turn then runs
    /// on the store's ETag check alone, which refuses a stale save rather than overwrite.</summary>
    Task<IAsyncDisposable> AcquireAsync(string conversationKey, CancellationToken cancellationToken);
}
