namespace SupportBot.Requests.Outbox;

/// <summary>Sends the outbox messages of one <see cref="OutboxKinds">kind</see>. Throws to fail: the worker decides whether to retry.</summary>
public interface IOutboxSender
{
    string Kind { get; }

    Task SendAsync(OutboxMessage message, CancellationToken cancellationToken);
}

/// <summary>A message that can never be sent as it is (no such request, nothing to render it): the worker marks it
/// failed instead of retrying.</summary>
public sealed class OutboxPermanentException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>A message that cannot go out YET because something an operator sets up is missing (an agents' queue with no
/// channel): the worker keeps it pending and looks again after <see cref="OutboxOptions.WaitingRecheckInterval"/>,
/// without counting an attempt or logging more than one line per message.</summary>
public sealed class OutboxWaitingException(string message) : Exception(message);
