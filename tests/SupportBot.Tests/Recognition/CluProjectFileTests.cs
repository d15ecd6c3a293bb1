using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using SupportBot.Recognition;

namespace SupportBot.Tests.Recognition;

/// <summary>
/// Recognition/clu/SupportBot.clu.json must import into Language Studio as it is (PROTOCOL.md §8.2), and the
/// held-out split must stay out of it.
/// </summary>
public sealed class CluProjectFileTests
{
    private static readonly string[] CluLanguageCodes = ["en-us", "zh-hans", "ja"];
    private static readonly CluProject Project = CluProject.Parse(File.ReadAllText(RepositoryFiles.CluProjectPath));

    [Fact]
    public void Has_the_import_format_header()
    {
        using var json = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.CluProjectPath));
        var root = json.RootElement;
        Assert.Equal("2023-04-01", root.GetProperty("projectFileVersion").GetString());
        Assert.Equal("Utf16CodeUnit", root.GetProperty("stringIndexType").GetString());
        var metadata = root.GetProperty("metadata");
        Assert.Equal("Conversation", metadata.GetProperty("projectKind").GetString());
        Assert.True(metadata.GetProperty("multilingual").GetBoolean());
        Assert.Contains(metadata.GetProperty("language").GetString(), CluLanguageCodes);
        Assert.False(string.IsNullOrWhiteSpace(metadata.GetProperty("projectName").GetString()));
        Assert.Equal("Conversation", root.GetProperty("assets").GetProperty("projectKind").GetString());
    }

    [Fact]
    public void The_embedded_copy_is_the_file_in_the_repository() =>
        Assert.Equal(Project.Assets.Utterances.Count, CluProject.LoadEmbedded().Assets.Utterances.Count);

    [Fact]
    public void Declares_exactly_the_design_intents_and_uses_only_declared_ones()
    {
        Assert.Equal(Intents.All, Project.Assets.Intents.Select(i => i.Category));
        var undeclared = Project.Assets.Utterances.Select(u => u.Intent).Distinct().Except(Intents.All).ToList();
        Assert.True(undeclared.Count == 0, "undeclared intents: " + string.Join(", ", undeclared));
    }

    [Fact]
    public void Every_utterance_is_training_data_in_one_of_our_languages()
    {
        Assert.All(Project.Assets.Utterances, u =>
        {
            Assert.Contains(u.Language, CluLanguageCodes);
            Assert.Equal("Train", u.Dataset);
            Assert.False(string.IsNullOrWhiteSpace(u.Text));
            Assert.Equal(u.Text.Trim(), u.Text);
        });
    }

    [Fact]
    public void Has_at_least_40_utterances_per_intent_in_each_language()
    {
        var counts = Project.Assets.Utterances.CountBy(u => (u.Language, u.Intent)).ToDictionary();
        var thin = from language in CluLanguageCodes
                   from intent in Intents.All
                   let count = counts.GetValueOrDefault((language, intent))
                   where count < 40
                   select $"{language}/{intent}: {count}";
        Assert.Empty(thin);
    }

    [Fact]
    public void No_utterance_appears_twice()
    {
        var duplicates = Project.Assets.Utterances.GroupBy(u => (u.Language, Normalize(u.Text)))
            .Where(g => g.Count() > 1).Select(g => string.Join(" | ", g.Select(u => $"{u.Intent}: {u.Text}"))).ToList();
        Assert.Empty(duplicates);
    }

    [Fact]
    public void Every_entity_is_declared_with_a_valid_list_or_regex()
    {
        var entities = Project.Assets.Entities;
        Assert.Equal([EntityCategories.Product, EntityCategories.SrId, EntityCategories.Severity, EntityCategories.Quantity], entities.Select(e => e.Category));
        Assert.All(entities, e =>
        {
            Assert.Contains(e.CompositionSetting, new[] { "combineComponents", "separateComponents" });
            Assert.True(e.List is not null || e.Regex is not null, e.Category);
            Assert.All(e.List?.Sublists ?? [], s =>
            {
                Assert.False(string.IsNullOrWhiteSpace(s.ListKey));
                Assert.Equal(CluLanguageCodes.Order(), s.Synonyms.Select(l => l.Language).Order());
                Assert.All(s.Synonyms, l => Assert.NotEmpty(l.Values));
            });
            Assert.All(e.Regex?.Expressions ?? [], x => _ = new Regex(x.RegexPattern));
        });
        var keys = entities.SelectMany(e => e.List?.Sublists ?? []).Select(s => s.ListKey).ToList();
        Assert.Equal(keys.Distinct().Count(), keys.Count);
    }

    [Fact]
    public void Every_labelled_entity_offset_and_length_select_text_of_that_entity_in_UTF16()
    {
        var synonyms = Project.Assets.Entities.Where(e => e.List is not null).ToDictionary(
            e => e.Category,
            e => e.List!.Sublists.SelectMany(s => s.Synonyms.SelectMany(l => l.Values)).ToHashSet(StringComparer.OrdinalIgnoreCase));
        var patterns = Project.Assets.Entities.Where(e => e.Regex is not null).ToDictionary(
            e => e.Category, e => e.Regex!.Expressions.Select(x => new Regex($"^(?:{x.RegexPattern})$")).ToList());
        var declared = Project.Assets.Entities.Select(e => e.Category).ToHashSet();
        var labelled = 0;
        foreach (var utterance in Project.Assets.Utterances)
        {
            var labels = utterance.Entities ?? [];
            foreach (var label in labels)
            {
                labelled++;
                Assert.Contains(label.Category, declared);
                Assert.InRange(label.Offset, 0, utterance.Text.Length - 1);
                Assert.InRange(label.Length, 1, utterance.Text.Length - label.Offset);
                var text = utterance.Text.Substring(label.Offset, label.Length);
                var matches = synonyms.TryGetValue(label.Category, out var values) ? values.Contains(text)
                    : patterns[label.Category].Any(p => p.IsMatch(text));
                Assert.True(matches, $"\"{utterance.Text}\": [{label.Offset},{label.Length}] = \"{text}\" is not a {label.Category}");
            }
            // Labels of one utterance must not overlap.
            var ordered = labels.OrderBy(l => l.Offset).ToList();
            for (var i = 1; i < ordered.Count; i++)
                Assert.True(ordered[i].Offset >= ordered[i - 1].Offset + ordered[i - 1].Length, $"overlapping labels in \"{utterance.Text}\"");
        }
        Assert.True(labelled > 100, $"only {labelled} labelled entities");
    }

    [Fact]
    public void Held_out_split_has_at_least_15_per_intent_and_language()
    {
        var heldOut = HeldOut();
        var counts = heldOut.CountBy(u => (u.Language, u.Intent)).ToDictionary();
        var thin = from language in SupportBot.Localization.Language.All
                   from intent in Intents.All
                   let count = counts.GetValueOrDefault((language, intent))
                   where count < 15
                   select $"{language}/{intent}: {count}";
        Assert.Empty(thin);
    }

    [Fact]
    public void Held_out_utterances_are_not_in_the_training_file_not_even_nearly()
    {
        var training = Project.Assets.Utterances
            .GroupBy(u => CluLanguages.ToLanguage(u.Language))
            .ToDictionary(g => g.Key, g => g.Select(u => (Normalized: Normalize(u.Text), u.Text)).Where(t => t.Normalized.Length > 0).ToList());
        var leaks = new List<string>();
        foreach (var heldOut in HeldOut())
        {
            var normalized = Normalize(heldOut.Text);
            var near = training[heldOut.Language].FirstOrDefault(t => IsNearDuplicate(normalized, t.Normalized));
            if (near.Text is not null) leaks.Add($"[{heldOut.Language}] \"{heldOut.Text}\" ~ \"{near.Text}\"");
        }
        Assert.Empty(leaks);
    }

    /// <summary>The fresh set (written after the last tuning) must stay unseen: not in the training file nor the held-out split, not even nearly.</summary>
    [Fact]
    public void Fresh_set_has_150_per_language_none_of_them_trained_on()
    {
        var fresh = IntentEvaluation.ReadTsv(File.ReadAllLines(RepositoryFiles.FreshPath, Encoding.UTF8));
        Assert.All(SupportBot.Localization.Language.All, language => Assert.True(fresh.Count(u => u.Language == language) >= 150, language));
        var seen = Project.Assets.Utterances.Select(u => (Language: CluLanguages.ToLanguage(u.Language), u.Text))
            .Concat(HeldOut().Select(u => (u.Language, u.Text)))
            .GroupBy(u => u.Language)
            .ToDictionary(g => g.Key, g => g.Select(u => (Normalized: Normalize(u.Text), u.Text)).Where(t => t.Normalized.Length > 0).ToList());
        var leaks = fresh
            .Select(u => (u, near: seen[u.Language].FirstOrDefault(t => IsNearDuplicate(Normalize(u.Text), t.Normalized))))
            .Where(p => p.near.Text is not null)
            .Select(p => $"[{p.u.Language}] \"{p.u.Text}\" ~ \"{p.near.Text}\"")
            .ToList();
        Assert.Empty(leaks);
    }

    [Theory]
    [InlineData("Outlook is slow!", "outlook  is SLOW", true)]
    [InlineData("ＯＵＴＬＯＯＫ遅い", "Outlook 遅い", true)]
    [InlineData("remediaton plan", "remediation plan", true)]
    [InlineData("取消吧", "取消", true)]
    [InlineData("what is a remediation plan", "we object to the proposed remediation plan", false)]
    public void Near_duplicate_rule(string a, string b, bool near) => Assert.Equal(near, IsNearDuplicate(Normalize(a), Normalize(b)));

    /// <summary>NFKC (full-width → ASCII), lower case, letters and digits only.</summary>
    internal static string Normalize(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Normalize(NormalizationForm.FormKC).ToLowerInvariant())
            if (char.IsLetterOrDigit(c)) builder.Append(c);
        return builder.ToString();
    }

    /// <summary>Equal, or within one edit per ten characters (at least one edit).</summary>
    internal static bool IsNearDuplicate(string a, string b)
    {
        var allowed = Math.Max(1, Math.Max(a.Length, b.Length) / 10);
        if (Math.Abs(a.Length - b.Length) > allowed) return false;
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        var current = new int[b.Length + 1];
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(previous[j] + 1, current[j - 1] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length] <= allowed;
    }

    internal static IReadOnlyList<IntentEvaluation.LabelledUtterance> HeldOut() =>
        IntentEvaluation.ReadTsv(File.ReadAllLines(RepositoryFiles.HeldOutPath, Encoding.UTF8));
}
