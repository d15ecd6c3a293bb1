namespace SupportBot.Bot.Turn;

/// <summary>A step around every turn; call <paramref name="next"/> to go on (or don't, to stop the turn).</summary>
public interface ITurnMiddleware
{
    Task OnTurnAsync(TurnContext turn, Func<CancellationToken, Task> next, CancellationToken cancellationToken);
}

/// <summary>Runs the middleware in registration order around the turn's handler.</summary>
public sealed class MiddlewareChain(IEnumerable<ITurnMiddleware> middleware)
{
    private readonly ITurnMiddleware[] _middleware = middleware.ToArray();

    public Task RunAsync(TurnContext turn, Func<TurnContext, CancellationToken, Task> handler, CancellationToken cancellationToken) =>
        RunAt(0, turn, handler, cancellationToken);

    private Task RunAt(int index, TurnContext turn, Func<TurnContext, CancellationToken, Task> handler, CancellationToken cancellationToken) =>
        index == _middleware.Length
            ? handler(turn, cancellationToken)
            : _middleware[index].OnTurnAsync(turn, ct => RunAt(index + 1, turn, handler, ct), cancellationToken);
}
