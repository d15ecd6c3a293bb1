namespace SupportBot.Recognition.Embedded;

/// <summary>
/// Folds text for matching without changing its length, so an index in the folded text is an index in the
/// original (entity offsets stay UTF-16 offsets into what the user typed): full-width ASCII → ASCII, ideographic
/// space → space, half-width katakana → katakana, katakana → hiragana, lower case; for Chinese also Traditional
/// characters → Simplified (<see cref="Fold(string, string)"/>).
/// </summary>
public static class TextFolding
{
    // U+FF66..U+FF9D in order, then the two half-width sound marks (U+FF9E, U+FF9F).
    private const string HalfWidthKatakana = "ｦｧｨｩｪｫｬｭｮｯｰｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜﾝﾞﾟ";
    private const string FullWidthKatakana = "ヲァィゥェォャュョッーアイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワン゛゜";

    // Traditional → Simplified for the characters of the support vocabulary and everyday function words, one to one
    // (so lengths still match). People on zh-TW, zh-HK and zh-Hant write these; the training data is Simplified.
    // Only for Chinese: Japanese kanji such as 請 or 問 are what Japanese people write.
    private const string Traditional =
        "們個這麼為嗎還沒說讓給從會時間後裡裏點經過動實現錢價買賣額據續約減購試啟啓樣頁輸資庫備歷曆紀錄標準條規則類別選項號帳賬戶訂閱費發髮務單請問題無連線網絡設開關體驗證碼變級處態況進聯繫轉員謝見幫郵頓當機斷狀報計劃補權許註冊創夥門錯誤顯載檔雲區應軟電腦話對執協議導與於並隊組織團歡專業負責談語簡傳統華臺灣離職鎖認裝換盤復複製夾雙層塊餘稅財貴優讀寫儲檢測診階週歲鐘鍾頭壞損毀圖視頻聲響麥風鏡攝預覽瀏尋擊鈕畫輯編刪滿強顧廠銷訊詢詳細盡儘書簽籤擴縮終結長貨幣匯彙滙銀紙憑鏈夠際險隨難雜靈領顏飛養館馬驅騰鬆黃齊億僅儀內兩勞勢卻參喚嚴國圍園場壓夢獎學寶寧將屬帶師幾廣張彈徵總恆懷戰揮搖擇擔擁擬攜數暫東來構樂歐歸殘氣決淨漢熱爭爾獨環產監確種稱穩競筆節範紅純絕維緊練績繼罰義習聞聽脫舊藝藥衛親覺觀討訓記訪評詞該誰課調論諮識譯護貝貼貿賓質賽贊趕車較輕輪辦運達違遠適遲遺邊醫釋針鍵閉閒陸陣陳隱雖靜順須飯畢異屆遞鑰擋撥掃閃礙衝絲蓋樓廳韓鳥魚龍麗陽";
    private const string Simplified =
        "们个这么为吗还没说让给从会时间后里里点经过动实现钱价买卖额据续约减购试启启样页输资库备历历纪录标准条规则类别选项号账账户订阅费发发务单请问题无连线网络设开关体验证码变级处态况进联系转员谢见帮邮顿当机断状报计划补权许注册创伙门错误显载档云区应软电脑话对执协议导与于并队组织团欢专业负责谈语简传统华台湾离职锁认装换盘复复制夹双层块余税财贵优读写储检测诊阶周岁钟钟头坏损毁图视频声响麦风镜摄预览浏寻击钮画辑编删满强顾厂销讯询详细尽尽书签签扩缩终结长货币汇汇汇银纸凭链够际险随难杂灵领颜飞养馆马驱腾松黄齐亿仅仪内两劳势却参唤严国围园场压梦奖学宝宁将属带师几广张弹征总恒怀战挥摇择担拥拟携数暂东来构乐欧归残气决净汉热争尔独环产监确种称稳竞笔节范红纯绝维紧练绩继罚义习闻听脱旧艺药卫亲觉观讨训记访评词该谁课调论咨识译护贝贴贸宾质赛赞赶车较轻轮办运达违远适迟遗边医释针键闭闲陆阵陈隐虽静顺须饭毕异届递钥挡拨扫闪碍冲丝盖楼厅韩鸟鱼龙丽阳";
    private const char FirstIdeograph = '\u4E00';
    private static readonly char[] SimplifiedOf = BuildSimplifiedTable();

    /// <summary><see cref="Fold(string)"/>, and for Chinese (<see cref="Localization.Language.ChineseSimplified"/>) Traditional → Simplified.</summary>
    public static string Fold(string text, string language)
    {
        if (language != Localization.Language.ChineseSimplified) return Fold(text);
        return string.Create(text.Length, text, static (target, source) =>
        {
            for (var i = 0; i < source.Length; i++) target[i] = ToSimplified(Fold(source[i]));
        });
    }

    public static char ToSimplified(char c) =>
        c >= FirstIdeograph && c - FirstIdeograph < SimplifiedOf.Length && SimplifiedOf[c - FirstIdeograph] != '\0' ? SimplifiedOf[c - FirstIdeograph] : c;

    private static char[] BuildSimplifiedTable()
    {
        var table = new char[0xA000 - FirstIdeograph];
        for (var i = 0; i < Traditional.Length; i++) table[Traditional[i] - FirstIdeograph] = Simplified[i];
        return table;
    }

    public static string Fold(string text) => string.Create(text.Length, text, static (target, source) =>
    {
        for (var i = 0; i < source.Length; i++) target[i] = Fold(source[i]);
    });

    public static char Fold(char c)
    {
        if (c < 0x80) return char.ToLowerInvariant(c);
        if (c is >= '\uFF01' and <= '\uFF5E') return char.ToLowerInvariant((char)(c - 0xFEE0));
        if (c == '\u3000') return ' ';
        if (c is >= '\uFF66' and <= '\uFF9F') c = FullWidthKatakana[c - '\uFF66'];
        if (c is >= '\u30A1' and <= '\u30F6') return (char)(c - 0x60);
        return char.ToLowerInvariant(c);
    }

    internal static bool TablesAligned => HalfWidthKatakana.Length == FullWidthKatakana.Length
        && HalfWidthKatakana.Length == 0xFF9F - 0xFF66 + 1
        && HalfWidthKatakana.Select((c, i) => c == (char)(0xFF66 + i)).All(same => same)
        && Traditional.Length == Simplified.Length && Traditional.Distinct().Count() == Traditional.Length
        && Traditional.All(c => c >= FirstIdeograph && c < '\uA000');
}
