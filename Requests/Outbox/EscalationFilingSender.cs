using System.Text.Json;
using SupportBot.Bot.Schema;
using SupportBot.Requests.Escalation;

namespace SupportBot.Requests.Outbox;

/// <summary>Files a stored request with the escalation sink and keeps the id the sink gave it (once: a retry after
/// the id was stored does nothing).</summary>
public sealed class EscalationFilingSender(IRequestStore requests, IEscalationSink sink, TimeProvider time) : IOutboxSender
{
    public string Kind => OutboxKinds.EscalationFiling;

    public async Task SendAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        var filing = message.Payload.Deserialize<EscalationFiling>(ProtocolJson.Options)
            ?? throw new OutboxPermanentException("The escalation-filing payload is empty.");
        var request = await requests.GetAsync(filing.RequestId, cancellationToken)
            ?? throw new OutboxPermanentException($"No request {filing.RequestId} to file.");
        if (request.ExternalId is not null) return;

        var filed = await sink.FileAsync(request, cancellationToken);
        if (filed.ExternalId is not { } externalId) return;
        var now = time.GetUtcNow();
        await requests.UpdateAsync(request.Id, current => current with
        {
            ExternalId = externalId,
            History = [.. current.History, new StatusChange(current.Status, current.Status, sink.Name, now, $"filed with {sink.Name}: {externalId}")],
        }, cancellationToken);
    }
}
