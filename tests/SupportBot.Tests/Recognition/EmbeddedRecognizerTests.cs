using System.Text;
using SupportBot.Recognition;
using SupportBot.Recognition.Embedded;

namespace SupportBot.Tests.Recognition;

public sealed class EmbeddedRecognizerTests(TrainedRecognizer trained) : IClassFixture<TrainedRecognizer>
{
    private EmbeddedRecognizer Recognizer => trained.Embedded;

    [Theory]
    [InlineData("en", "my outlook has been super slow since monday", Intents.Performance)]
    [InlineData("en", "plz cancle my office 365 subscripton", Intents.SubscriptionChange)]
    [InlineData("en", "I want to speak to a real person", Intents.TalkToAgent)]
    [InlineData("en", "is exchange online down for everybody?", Intents.ServiceHealth)]
    [InlineData("zh-Hans", "我们公司的Outlook最近特别卡", Intents.Performance)]
    [InlineData("zh-Hans", "合作伙伴中心一直登不上去", Intents.PartnerCenterIssue)]
    [InlineData("zh-Hans", "这个月的发票在哪里下载", Intents.Billing)]
    [InlineData("zh-Hans", "你好", Intents.Greeting)]
    [InlineData("ja", "Teams がサーバーにまったくつながりません", Intents.Connectivity)]
    [InlineData("ja", "改善計画に同意したいのですが", Intents.RemediationPlan)]
    [InlineData("ja", "ｷｬﾝｾﾙ", Intents.Cancel)]
    [InlineData("ja", "パートナー センターでエラーが出てログインできない", Intents.PartnerCenterIssue)]
    public void Recognizes_intents_in_each_language(string language, string text, string intent)
    {
        var result = Recognizer.Recognize(text, language);

        Assert.Equal(intent, result.TopIntent);
        Assert.Equal(RecognizerNames.Embedded, result.Recognizer);
        Assert.InRange(result.TopScore, 0, 1);
        Assert.Equal(1.0, result.Intents.Sum(i => i.Score), 3);
        Assert.Equal(result.Intents.OrderByDescending(i => i.Score).Select(i => i.Intent), result.Intents.Select(i => i.Intent));
    }

    [Fact]
    public void Finds_a_service_request_id_product_and_severity_with_UTF16_offsets()
    {
        var text = "请把SR-20240512-0031升级，客户的Exchange Online问题很紧急";

        var entities = Recognizer.Recognize(text, "zh-Hans").Entities;

        Assert.Equal(
            [("SrId", "SR-20240512-0031", 2, "SR-20240512-0031"), ("Product", "Exchange Online", 24, "ExchangeOnline"), ("Severity", "紧急", 42, "critical")],
            entities.Select(e => (e.Category, e.Text, e.Offset, e.Value)));
        Assert.All(entities, e => Assert.Equal(e.Text, text.Substring(e.Offset, e.Length)));
    }

    [Fact]
    public void Entities_are_found_in_full_width_and_half_width_text_at_the_original_offsets()
    {
        var text = "ﾊﾟｰﾄﾅｰ ｾﾝﾀｰ と ＯＮＥＤＲＩＶＥ の件 sr-20250101-0007";

        var entities = Recognizer.Recognize(text, "ja").Entities;

        Assert.Equal(["Product:OneDrive", "SrId:SR-20250101-0007"], entities.Select(e => $"{e.Category}:{e.Value}"));
        Assert.All(entities, e => Assert.Equal(e.Text, text.Substring(e.Offset, e.Length)));
    }

    [Fact]
    public void Latin_synonyms_match_whole_words_only()
    {
        var entities = Recognizer.Recognize("everything is slow in MSTeamsX", "en").Entities;
        Assert.Empty(entities);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("🙂🙂🙂")]
    public void Text_with_nothing_known_is_None(string text)
    {
        var result = Recognizer.Recognize(text, "en");
        Assert.Equal(Intents.None, result.TopIntent);
        Assert.Empty(result.Entities);
    }

    [Fact]
    public void Trains_from_the_project_in_the_repository()
    {
        Assert.Equal(CluProject.LoadEmbedded().Assets.Utterances.Count, Recognizer.TrainingUtterances);
        Assert.True(TextFolding.TablesAligned);
        Assert.Equal("ぱーとなー せんたー outlook", TextFolding.Fold("パートナー　センター ＯｕｔＬｏｏｋ"));
    }

    /// <summary>The figure eval-intents prints, as a test: accuracy on the held-out split per language (timing is not tested).</summary>
    [Fact]
    public void Held_out_accuracy_is_at_least_90_percent_in_every_language()
    {
        var predictions = CluProjectFileTests.HeldOut()
            .Select(u => new IntentEvaluation.Prediction(u, Recognizer.Recognize(u.Text, u.Language).TopIntent, 0))
            .ToList();

        var report = string.Join(Environment.NewLine, IntentEvaluation.Report(predictions));
        foreach (var language in SupportBot.Localization.Language.All)
            Assert.True(IntentEvaluation.Accuracy(predictions.Where(p => p.Expected.Language == language)) >= 0.9, report);
    }
}

public sealed class IntentEvaluationTests
{
    [Fact]
    public void Reads_the_tsv_after_its_header()
    {
        var rows = IntentEvaluation.ReadTsv(["lang\tintent\ttext", "ja\tCancel\tやめる", "", "en\tHelp\thelp"]);
        Assert.Equal([("ja", "Cancel", "やめる"), ("en", "Help", "help")], rows.Select(r => (r.Language, r.Intent, r.Text)));
    }

    [Theory]
    [InlineData("fr\tHelp\taide", "language")]
    [InlineData("en\tHelpMe\thelp", "unknown intent")]
    [InlineData("en\tHelp", "expected")]
    public void Bad_rows_are_reported_with_their_line(string row, string message)
    {
        var error = Assert.Throws<FormatException>(() => IntentEvaluation.ReadTsv(["lang\tintent\ttext", row]));
        Assert.Contains("line 2", error.Message);
        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Report_gives_accuracy_per_language_and_the_top_confusions()
    {
        IntentEvaluation.Prediction P(string lang, string expected, string predicted) => new(new(lang, expected, "x"), predicted, 0.5);
        var report = IntentEvaluation.Report([P("en", "Help", "Help"), P("en", "Help", "None"), P("ja", "Cancel", "Cancel")]).ToList();

        Assert.Contains(report, l => l.StartsWith("accuracy en") && l.Contains("(1/2)"));
        Assert.Contains(report, l => l.StartsWith("accuracy ja") && l.Contains("(1/1)"));
        Assert.Contains(report, l => l.StartsWith("accuracy overall") && l.Contains("(2/3)"));
        Assert.Contains(report, l => l.Contains("Help → None: 1"));
    }

    [Fact]
    public void Threshold_summary_counts_confident_answers_and_ambiguous_ones_the_guesses_would_rescue()
    {
        IntentEvaluation.Prediction P(string expected, string predicted, double score, params string[] guesses) =>
            new(new("en", expected, "x"), predicted, score, guesses);
        var summary = IntentEvaluation.ThresholdSummary(
            [P("Help", "Help", 0.9), P("Help", "None", 0.8), P("Billing", "Help", 0.3, "Help", "Billing"), P("Billing", "Help", 0.2, "Help", "Cancel")], 0.5);

        Assert.Equal("threshold 0.50: 2/4 confident, 50.0 % of them right; 2 ambiguous, right intent among the top guesses in 1/2", summary);
    }

    [Fact]
    public async Task The_command_is_registered_and_rejects_a_missing_file()
    {
        Assert.True(SupportBot.CommandLine.TryGet("eval-intents", out var run));
        Assert.Equal(2, await run([Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".tsv")]));
    }
}
