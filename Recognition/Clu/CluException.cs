using System.Net;

namespace SupportBot.Recognition.Clu;

/// <summary>CLU did not answer usefully: timeout, network, HTTP error (with CLU's error code) or a body we cannot read.</summary>
public sealed class CluException : Exception
{
    public CluException(string message, HttpStatusCode? statusCode = null, string? errorCode = null, TimeSpan? retryAfter = null, Exception? inner = null)
        : base(message, inner) => (StatusCode, ErrorCode, RetryAfter) = (statusCode, errorCode, retryAfter);

    public HttpStatusCode? StatusCode { get; }

    /// <summary><c>error.code</c> from the body, else the <c>x-ms-error-code</c> header (PROTOCOL.md §8.1).</summary>
    public string? ErrorCode { get; }

    /// <summary>From <c>Retry-After</c> on 429 (PROTOCOL.md §8.1): do not call CLU again before it has passed.</summary>
    public TimeSpan? RetryAfter { get; }

    public bool IsTimeout { get; init; }
}
