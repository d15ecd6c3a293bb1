namespace SupportBot.Requests.Escalation;

/// <summary>What an external system said when a request was filed there.</summary>
public sealed record ExternalFiling(string? ExternalId, string? ExternalStatus);

/// <summary>
/// Where Partner Center requests and escalations for 21Vianet end up. The built-in sink keeps them in our store for
/// 21Vianet's desk in Teams; another files them through the Partner Center service-request API.
/// The outbox calls the sink after the request is stored, so a failing API never loses a request.
/// </summary>
public interface IEscalationSink
{
    string Name { get; }

    Task<ExternalFiling> FileAsync(ServiceRequest request, CancellationToken cancellationToken);

    /// <summary>The external status of a filed request, or null if this sink has none.</summary>
    Task<string?> GetStatusAsync(ServiceRequest request, CancellationToken cancellationToken);
}

/// <summary>Keeps escalations in the request store; 21Vianet's desk works them from its Teams channel.</summary>
public sealed class StoreEscalationSink : IEscalationSink
{
    public string Name => "store";

    public Task<ExternalFiling> FileAsync(ServiceRequest request, CancellationToken cancellationToken) =>
        Task.FromResult(new ExternalFiling(null, null));

    public Task<string?> GetStatusAsync(ServiceRequest request, CancellationToken cancellationToken) =>
        Task.FromResult<string?>(null);
}
