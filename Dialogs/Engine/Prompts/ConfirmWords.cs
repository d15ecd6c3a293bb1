namespace SupportBot.Dialogs.Engine.Prompts;

/// <summary>How people say yes and no in the three languages, and the default button labels.</summary>
public static class ConfirmWords
{
    public const string YesValue = "yes";
    public const string NoValue = "no";

    private static readonly HashSet<string> Yes = Normalized(
        "yes", "y", "yeah", "yep", "yup", "sure", "ok", "okay", "of course", "correct", "right", "yes please",
        "是", "是的", "好", "好的", "对", "对的", "可以", "行", "嗯", "没问题", "确定", "當然", "当然",
        "はい", "うん", "ええ", "そう", "そうです", "お願いします", "おねがいします", "いいよ", "いいです", "了解", "オーケー");

    private static readonly HashSet<string> No = Normalized(
        "no", "n", "nope", "nah", "no thanks", "not really", "not now",
        "不", "不是", "否", "不要", "不用", "不行", "没有", "不对", "不用了", "算了",
        "いいえ", "いや", "ううん", "いえ", "結構です", "けっこうです", "だめ", "ダメ", "違います", "ちがいます", "いらない");

    /// <summary>True for yes, false for no, null when the text is neither.</summary>
    public static bool? Recognize(string? text)
    {
        var said = TextNormalizer.Normalize(text);
        if (Yes.Contains(said)) return true;
        if (No.Contains(said)) return false;
        return null;
    }

    /// <summary>The yes and no buttons for a language (en, zh-Hans, ja).</summary>
    public static IReadOnlyList<Choice> Buttons(string language) => language switch
    {
        DialogLanguage.ChineseSimplified => [new Choice(YesValue, "是"), new Choice(NoValue, "否")],
        DialogLanguage.Japanese => [new Choice(YesValue, "はい"), new Choice(NoValue, "いいえ")],
        _ => [new Choice(YesValue, "Yes"), new Choice(NoValue, "No")],
    };

    private static HashSet<string> Normalized(params string[] words) => words.Select(TextNormalizer.Normalize).ToHashSet(StringComparer.Ordinal);
}
