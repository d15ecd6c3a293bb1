using System.Text.Json;
using SupportBot.Bot.State;

namespace SupportBot.Tests.Bot.State;

public sealed class StateScopeTests
{
    private sealed class Counter
    {
        public int Count { get; set; }
        public string? Note { get; set; }
    }

    private static StateScope Loaded(string json) => new("k", new StoreItem(JsonDocument.Parse(json).RootElement.Clone(), "e1"));

    [Fact]
    public void Reading_without_changing_is_no_change_even_when_the_store_reordered_the_keys()
    {
        // PostgreSQL jsonb keeps keys in its own order: what is read back is not byte for byte what was written.
        var scope = Loaded("""{"other":{"x":1},"counter":{"note":"n","count":2}}""");

        Assert.Equal(2, scope.Get<Counter>("counter").Count);

        Assert.False(scope.HasChanges);
        Assert.Null(scope.ToStoreItem());
    }

    [Fact]
    public void A_change_is_saved_with_untouched_properties_as_stored_and_removed_ones_left_out()
    {
        var scope = Loaded("""{"other":{"x":1},"counter":{"count":2},"gone":{"count":9}}""");

        scope.Get<Counter>("counter").Count = 3;
        scope.Remove("gone");
        scope.Set("added", new Counter { Count = 1 });
        var item = scope.ToStoreItem()!;

        Assert.Equal("e1", item.ETag);
        Assert.Equal("""{"other":{"x":1},"counter":{"count":3},"added":{"count":1}}""", item.Value.GetRawText());
        scope.MarkSaved("e2");
        Assert.Equal("e2", scope.ETag);
        Assert.False(scope.HasChanges);
        Assert.Equal(3, scope.Find<Counter>("counter")!.Count);
        Assert.Null(scope.Find<Counter>("gone"));

        scope.Get<Counter>("counter").Count = 4;
        Assert.True(scope.HasChanges);
    }

    [Fact]
    public void Clear_drops_everything_stored()
    {
        var scope = Loaded("""{"counter":{"count":2}}""");

        scope.Clear();

        Assert.Null(scope.Find<Counter>("counter"));
        Assert.Equal("{}", scope.ToStoreItem()!.Value.GetRawText());
    }
}
