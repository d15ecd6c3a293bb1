using System.Text.Json;

namespace SupportBot.Bot.State;

/// <summary>
/// A stored JSON document and its version. On write, <see cref="ETag"/> says what the writer last read:
/// <c>null</c> = the key must not exist yet, <see cref="AnyETag"/> = overwrite whatever is there,
/// otherwise the stored version must still be this one.
/// </summary>
public sealed record StoreItem(JsonElement Value, string? ETag)
{
    public const string AnyETag = "*";
}

/// <summary>Key/value storage with ETag optimistic concurrency: a stale write fails, it never overwrites.</summary>
public interface IStorage
{
    /// <summary>The items that exist among <paramref name="keys"/>; missing keys are absent from the result.</summary>
    Task<IReadOnlyDictionary<string, StoreItem>> ReadAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);

    /// <summary>Writes all changes atomically and returns the new ETags; throws <see cref="StorageConcurrencyException"/> if any is stale.</summary>
    Task<IReadOnlyDictionary<string, string>> WriteAsync(IReadOnlyDictionary<string, StoreItem> changes, CancellationToken cancellationToken = default);

    Task DeleteAsync(IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);

    /// <summary>
    /// The keys that start with <paramref name="prefix"/> (ordinal), in key order. For jobs over many items (retention,
    /// one person's data), never for a turn.
    /// </summary>
    Task<IReadOnlyList<string>> ListKeysAsync(string prefix, CancellationToken cancellationToken = default);
}

public sealed class StorageConcurrencyException(string key)
    : Exception($"The stored item '{key}' was changed by someone else since it was read.")
{
    public string Key { get; } = key;
}
