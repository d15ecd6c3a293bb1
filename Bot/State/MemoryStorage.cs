using System.Globalization;

namespace SupportBot.Bot.State;

/// <summary>In-memory <see cref="IStorage"/> for unit tests; same concurrency rules as the durable stores.</summary>
public sealed class MemoryStorage : IStorage
{
    private readonly Dictionary<string, StoreItem> _items = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private long _version;

    public Task<IReadOnlyDictionary<string, StoreItem>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var found = new Dictionary<string, StoreItem>(StringComparer.Ordinal);
            foreach (var key in keys)
                if (_items.TryGetValue(key, out var item)) found[key] = item;
            return Task.FromResult<IReadOnlyDictionary<string, StoreItem>>(found);
        }
    }

    public Task<IReadOnlyDictionary<string, string>> WriteAsync(IReadOnlyDictionary<string, StoreItem> changes, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            foreach (var (key, change) in changes)
                if (!StoreETags.Matches(change.ETag, _items.TryGetValue(key, out var current) ? current.ETag : null))
                    throw new StorageConcurrencyException(key);

            var etags = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (key, change) in changes)
            {
                var etag = (++_version).ToString(CultureInfo.InvariantCulture);
                _items[key] = new StoreItem(change.Value.Clone(), etag);
                etags[key] = etag;
            }
            return Task.FromResult<IReadOnlyDictionary<string, string>>(etags);
        }
    }

    public Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        lock (_gate)
            foreach (var key in keys) _items.Remove(key);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<string>> ListKeysAsync(string prefix, CancellationToken cancellationToken = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<string>>([.. _items.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)]);
    }
}

/// <summary>The ETag rule every store applies.</summary>
public static class StoreETags
{
    public static bool Matches(string? expected, string? stored) => expected switch
    {
        StoreItem.AnyETag => true,
        null => stored is null,
        _ => string.Equals(expected, stored, StringComparison.Ordinal),
    };
}
