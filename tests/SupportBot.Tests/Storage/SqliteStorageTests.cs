using System.Text.Json;
using SupportBot.Bot.State;
using SupportBot.Storage;

namespace SupportBot.Tests.Storage;

/// <summary>The IStorage contract, run against every implementation.</summary>
public abstract class StorageContractTests
{
    protected abstract IStorage CreateStorage();

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    [Fact]
    public async Task Written_items_read_back_with_their_etag()
    {
        var storage = CreateStorage();
        var etags = await storage.WriteAsync(new Dictionary<string, StoreItem> { ["a"] = new(Json("""{"n":1,"t":"中文"}"""), null) });

        var items = await storage.ReadAsync(["a", "missing"]);

        Assert.Equal(etags["a"], items["a"].ETag);
        Assert.Equal("中文", items["a"].Value.GetProperty("t").GetString());
        Assert.False(items.ContainsKey("missing"));
    }

    [Fact]
    public async Task Keys_are_listed_by_prefix_in_order_and_wildcards_are_plain_characters()
    {
        var storage = CreateStorage();
        await storage.WriteAsync(new[] { "p_a/2", "p_a/1", "pXa/3", "p_a", "q%" }.ToDictionary(k => k, _ => new StoreItem(Json("{}"), null)));

        Assert.Equal(["p_a/1", "p_a/2"], await storage.ListKeysAsync("p_a/"));
        Assert.Empty(await storage.ListKeysAsync("p%"));
        Assert.Equal(["q%"], await storage.ListKeysAsync("q%"));
        Assert.Equal(["pXa/3", "p_a", "p_a/1", "p_a/2", "q%"], await storage.ListKeysAsync("")); // ordinal: X (0x58) before _ (0x5F)
        await storage.DeleteAsync(["p_a/1"]);
        Assert.Equal(["p_a/2"], await storage.ListKeysAsync("p_a/"));
    }

    [Fact]
    public async Task A_stale_write_fails_and_never_overwrites()
    {
        var storage = CreateStorage();
        var first = await storage.WriteAsync(new Dictionary<string, StoreItem> { ["k"] = new(Json("""{"v":1}"""), null) });
        await storage.WriteAsync(new Dictionary<string, StoreItem> { ["k"] = new(Json("""{"v":2}"""), first["k"]) });

        await Assert.ThrowsAsync<StorageConcurrencyException>(() =>
            storage.WriteAsync(new Dictionary<string, StoreItem> { ["k"] = new(Json("""{"v":3}"""), first["k"]) }));

        Assert.Equal(2, (await storage.ReadAsync(["k"]))["k"].Value.GetProperty("v").GetInt32());
    }

    [Fact]
    public async Task Creating_an_existing_key_is_a_conflict()
    {
        var storage = CreateStorage();
        await storage.WriteAsync(new Dictionary<string, StoreItem> { ["k"] = new(Json("{}"), null) });

        await Assert.ThrowsAsync<StorageConcurrencyException>(() =>
            storage.WriteAsync(new Dictionary<string, StoreItem> { ["k"] = new(Json("{}"), null) }));
    }

    [Fact]
    public async Task Star_overwrites_and_delete_removes()
    {
        var storage = CreateStorage();
        await storage.WriteAsync(new Dictionary<string, StoreItem> { ["k"] = new(Json("""{"v":1}"""), null) });
        await storage.WriteAsync(new Dictionary<string, StoreItem> { ["k"] = new(Json("""{"v":9}"""), StoreItem.AnyETag) });
        Assert.Equal(9, (await storage.ReadAsync(["k"]))["k"].Value.GetProperty("v").GetInt32());

        await storage.DeleteAsync(["k"]);

        Assert.Empty(await storage.ReadAsync(["k"]));
    }

    [Fact]
    public async Task A_failed_batch_writes_nothing()
    {
        var storage = CreateStorage();
        await storage.WriteAsync(new Dictionary<string, StoreItem> { ["exists"] = new(Json("{}"), null) });

        await Assert.ThrowsAsync<StorageConcurrencyException>(() => storage.WriteAsync(new Dictionary<string, StoreItem>
        {
            ["new"] = new(Json("{}"), null),
            ["exists"] = new(Json("{}"), "stale"),
        }));

        Assert.False((await storage.ReadAsync(["new"])).ContainsKey("new"));
    }

    [Fact]
    public async Task Of_concurrent_writers_with_the_same_etag_exactly_one_wins()
    {
        var storage = CreateStorage();
        var etag = (await storage.WriteAsync(new Dictionary<string, StoreItem> { ["k"] = new(Json("""{"v":0}"""), null) }))["k"];

        var attempts = Enumerable.Range(1, 10).Select(async i =>
        {
            try
            {
                await storage.WriteAsync(new Dictionary<string, StoreItem> { ["k"] = new(Json($$"""{"v":{{i}}}"""), etag) });
                return true;
            }
            catch (StorageConcurrencyException)
            {
                return false;
            }
        });

        Assert.Equal(1, (await Task.WhenAll(attempts)).Count(won => won));
    }
}

public sealed class MemoryStorageTests : StorageContractTests
{
    protected override IStorage CreateStorage() => new MemoryStorage();
}

public sealed class SqliteStorageTests : StorageContractTests
{
    protected override IStorage CreateStorage() =>
        new SqliteStorage(new SqliteDatabase(Path.Combine(Path.GetTempPath(), $"storage-test-{Guid.NewGuid():N}.db")));
}
