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

    [Theory]
    [InlineData("zh-TW", "請問發票在哪裡下載", Intents.Billing)]
    [InlineData("zh-HK", "Outlook連不上伺服器", Intents.Connectivity)]
    [InlineData("zh-Hant", "我要轉人工客服", Intents.TalkToAgent)]
    [InlineData("zh-TW", "謝謝你的幫助", Intents.Greeting)]
    public void Traditional_Chinese_is_understood_through_Simplified(string locale, string text, string intent)
    {
        Assert.Equal(intent, Recognizer.Recognize(text, SupportBot.Localization.Language.FromLocale(locale)).TopIntent);
        Assert.Equal("请问发票在哪里下载", TextFolding.Fold("請問發票在哪裡下載", SupportBot.Localization.Language.ChineseSimplified));
        // Japanese kanji stay as they are.
        Assert.Equal("請求書", TextFolding.Fold("請求書", SupportBot.Localization.Language.Japanese));
    }

    [Theory]
    [InlineData("en", "we need 25 more E3 licences for Office 365", "25")]
    [InlineData("zh-Hans", "再加十个许可", "10")]
    [InlineData("zh-Hans", "需要再买２０个E3", "20")]
    [InlineData("ja", "ライセンスを二十五個追加したい", "25")]
    public void Finds_quantities_but_not_inside_product_names_or_request_ids(string language, string text, string quantity)
    {
        var entities = Recognizer.Recognize(text, language).Entities;
        Assert.Equal([quantity], entities.Where(e => e.Category == EntityCategories.Quantity).Select(e => e.Value));
        Assert.DoesNotContain(Recognizer.Recognize("status of SR-20240512-0031 on Microsoft 365", "en").Entities, e => e.Category == EntityCategories.Quantity);
    }

    [Theory]
    [InlineData("两百", 200)]
    [InlineData("三千零五", 3005)]
    [InlineData("十二", 12)]
    [InlineData("二十", 20)]
    [InlineData("007", 7)]
    public void Parses_numbers(string text, int value) => Assert.Equal(value, EntityExtractor.ParseNumber(text));

    [Fact]
    public void Did_you_mean_offers_the_two_best_topics_and_nothing_for_None_or_a_weak_guess()
    {
        RecognitionResult Result(params (string Intent, double Score)[] scores) => new()
        {
            Text = "x", Intents = scores.Select(s => new IntentScore(s.Intent, s.Score)).ToList(), Recognizer = RecognizerNames.Embedded,
        };

        Assert.Equal([Intents.Billing, Intents.SubscriptionChange],
            Result((Intents.Help, 0.4), (Intents.Billing, 0.3), (Intents.SubscriptionChange, 0.2), (Intents.AccountSetup, 0.1)).DidYouMean().Select(g => g.Intent));
        Assert.Empty(Result((Intents.None, 0.4), (Intents.Billing, 0.3)).DidYouMean());
        Assert.Empty(Result((Intents.Greeting, 0.8), (Intents.Billing, 0.1)).DidYouMean());
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
        // Start-up trains from the CLU file: it must stay well under a second of CPU (measured loosely: a busy machine's wall time is not it).
        Assert.True(Recognizer.TrainingTime < TimeSpan.FromSeconds(30), $"training took {Recognizer.TrainingTime}");
        Assert.True(TextFolding.TablesAligned);
        Assert.Equal("ぱーとなー せんたー outlook", TextFolding.Fold("パートナー　センター ＯｕｔＬｏｏｋ"));
    }

    /// <summary>The figure eval-intents prints, as a test: accuracy on the held-out split per language (timing is not tested).</summary>
    [Fact]
    public void Held_out_accuracy_is_at_least_95_percent_in_every_language()
    {
        var predictions = CluProjectFileTests.HeldOut()
            .Select(u => new IntentEvaluation.Prediction(u, Recognizer.Recognize(u.Text, u.Language).TopIntent, 0))
            .ToList();

        var report = string.Join(Environment.NewLine, IntentEvaluation.Report(predictions));
        foreach (var language in SupportBot.Localization.Language.All)
            Assert.True(IntentEvaluation.Accuracy(predictions.Where(p => p.Expected.Language == language)) >= 0.95, report);
    }
}

public sealed class IntentEvaluationTests
{
    [Fact]
    public void Reads_language_tags_as_people_write_them_and_the_optional_entities_column()
    {
        var rows = IntentEvaluation.ReadTsv([
            "lang\tintent\ttext\tentities",
            "zh-CN\tSubscriptionChange\t再加十个许可\tQuantity=10",
            "en-US\tRequestStatus\tnews on SR-20250301-0042?\tSrId=SR-20250301-0042",
            "ja-JP\tGreeting\tありがとう\t-",
            "# a comment",
            "en-GB\tHelp\thelp",
        ]);

        Assert.Equal(["zh-Hans", "en", "ja", "en"], rows.Select(r => r.Language));
        Assert.Equal([("Quantity", "10")], rows[0].Entities!);
        Assert.Equal([("SrId", "SR-20250301-0042")], rows[1].Entities!);
        Assert.Empty(rows[2].Entities!);
        Assert.Null(rows[3].Entities);
        var error = Assert.Throws<FormatException>(() => IntentEvaluation.ReadTsv(["en\tHelp\thelp\tColour=red"]));
        Assert.Contains("line 1", error.Message);
    }

    [Fact]
    public void Reports_intents_confusions_paths_calibration_and_entities()
    {
        IntentEvaluation.Prediction P(string lang, string expected, string predicted, double score, string[]? guesses = null,
            (string, string)[]? expectedEntities = null, (string, string)[]? found = null) =>
            new(new(lang, expected, "x", expectedEntities), predicted, score, guesses ?? [], found ?? []);
        IReadOnlyList<IntentEvaluation.Prediction> predictions =
        [
            P("en", Intents.Billing, Intents.Billing, 0.95, expectedEntities: [("Quantity", "5")], found: [("Quantity", "5")]),
            P("en", Intents.Billing, Intents.SubscriptionChange, 0.4, [Intents.SubscriptionChange, Intents.Billing], [("Product", "Teams")], []),
            P("zh-Hans", Intents.Cancel, Intents.Cancel, 0.8),
            P("zh-Hans", Intents.None, Intents.Help, 0.3, []),
            P("ja", Intents.Connectivity, Intents.Performance, 0.35, [Intents.Performance, Intents.ServiceHealth]),
        ];

        var table = IntentEvaluation.IntentTable(predictions).ToList();
        Assert.Contains(table, l => l.StartsWith("Billing ") && l.Contains(" 2 ") && l.Contains("100.0") && l.Contains("50.0") && l.Contains("66.7"));
        var matrix = IntentEvaluation.ConfusionMatrix(predictions).ToList();
        Assert.Contains(matrix, l => l.TrimStart().StartsWith("Bi ") && l.Contains("   1   1"));
        var paths = IntentEvaluation.Paths(predictions, 0.5).ToList();
        Assert.Contains("paths overall  confident 2/2 right (100.0 %); did-you-mean 2/3 right (66.7 %); end to end 4/5 (80.0 %)", paths);
        Assert.Contains(IntentEvaluation.Calibration(predictions), l => l.Contains("0.9-1.0: 1 at mean score 0.95, 100 % right"));
        var entities = IntentEvaluation.EntityReport(predictions).ToList();
        Assert.Contains("entities: 1/2 rows with every entity right (50.0 %)", entities);
        Assert.Contains(entities, l => l.Contains("Product") && l.Contains("expected 1, found 0, right 0"));
    }

    [Fact]
    public void Cross_validation_predicts_every_training_utterance_once()
    {
        var project = CluProject.LoadEmbedded();
        var predictions = IntentEvaluation.CrossValidate(project, 2, 0.5);
        Assert.Equal(project.Assets.Utterances.Count, predictions.Count);
        Assert.True(IntentEvaluation.Accuracy(predictions) > 0.7);
    }

    [Fact]
    public async Task The_command_prints_every_part_of_the_report_for_a_file_labelled_zh_CN()
    {
        var file = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".tsv");
        await File.WriteAllLinesAsync(file, ["lang\tintent\ttext", "zh-CN\tBilling\t发票在哪里下载", "en-US\tSubscriptionChange\tadd 5 licences\tQuantity=5"]);
        var output = new StringWriter();
        var before = Console.Out;
        int code;
        // Console is global: this is the only test here that redirects it.
        await ConsoleGate.WaitAsync();
        Console.SetOut(output);
        try { code = await IntentEvaluation.RunAsync([file]); }
        finally
        {
            Console.SetOut(before);
            ConsoleGate.Release();
        }

        Assert.Equal(0, code);
        var text = output.ToString();
        foreach (var part in new[] { "training:", "accuracy zh-Hans", "accuracy overall", "macro P", "intent  ", "confusion matrix", "paths overall", "threshold 0.50", "calibration:", "entities: 1/1", "latency per utterance: p50" })
            Assert.Contains(part, text);
    }

    private static readonly SemaphoreSlim ConsoleGate = new(1, 1);

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
