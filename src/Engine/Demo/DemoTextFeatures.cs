namespace Engine.Demo;

/// <summary>
/// The demo text encoder's fixed tables: a per-token feature row and two maps from token features to hidden
/// columns, one for a token whose right neighbour is not "background" and a correction used when it is.
/// </summary>
internal static class DemoTextFeatures
{
    // Token feature columns.
    public const int TokenFeatureCount = 12;
    public const int TokConst = 0;
    public const int TokRgb = 1;
    public const int TokIsColor = 4;
    public const int TokIsBackground = 5;
    public const int TokCircle = 6;
    public const int TokSquare = 7;
    public const int TokIdentity = 8;
    public const int IdentityCount = 4;

    // Hidden state columns.
    public const int HiddenSize = 16;
    public const int HidConst = 0;
    public const int HidFgRgb = 1;
    public const int HidFgWeight = 4;
    public const int HidBgRgb = 5;
    public const int HidBgWeight = 8;
    public const int HidCircle = 9;
    public const int HidSquare = 10;
    public const int HidBackgroundWord = 11;
    public const int HidIdentity = 12;

    /// <summary>Every token's constant feature, so hidden states have a clearly nonzero mean.</summary>
    public const float ConstantFeature = 1f;

    private static readonly Lazy<float[]> s_table = new(BuildTable);
    private static readonly Lazy<float[]> s_direct = new(() => BuildMap(background: false));
    private static readonly Lazy<float[]> s_backgroundCorrection = new(() => BuildMap(background: true));

    /// <summary>Row-major [vocab, TokenFeatureCount] feature table.</summary>
    public static float[] Table => s_table.Value;

    /// <summary>Row-major [TokenFeatureCount, HiddenSize] map used for every token.</summary>
    public static float[] DirectMap => s_direct.Value;

    /// <summary>Row-major [TokenFeatureCount, HiddenSize] map added when the next token is "background".</summary>
    public static float[] BackgroundCorrectionMap => s_backgroundCorrection.Value;

    private static float[] BuildTable()
    {
        var vocabulary = DemoVocabulary.Instance;
        var table = new float[vocabulary.Count * TokenFeatureCount];
        for (var id = 0; id < vocabulary.Count; id++)
        {
            var row = table.AsSpan(id * TokenFeatureCount, TokenFeatureCount);
            row[TokConst] = ConstantFeature;
            for (var j = 0; j < IdentityCount; j++)
            {
                // A small deterministic per-token signature, so different words have different hidden states.
                var hash = unchecked(((uint)id * 2654435761u) ^ ((uint)(j + 1) * 40503u));
                hash = unchecked(hash * 2246822519u);
                row[TokIdentity + j] = ((hash >> 16) % 1001) / 10000f - 0.05f;
            }
        }

        foreach (var color in DemoWords.Colors)
        {
            var row = table.AsSpan(vocabulary.WordId(color.Word) * TokenFeatureCount, TokenFeatureCount);
            var (r, g, b) = color.ToImageRange();
            row[TokRgb] = r;
            row[TokRgb + 1] = g;
            row[TokRgb + 2] = b;
            row[TokIsColor] = 1f;
        }

        table[(vocabulary.WordId(DemoWords.Background) * TokenFeatureCount) + TokIsBackground] = 1f;
        table[(vocabulary.WordId(DemoWords.Circle) * TokenFeatureCount) + TokCircle] = 1f;
        table[(vocabulary.WordId(DemoWords.Square) * TokenFeatureCount) + TokSquare] = 1f;
        return table;
    }

    private static float[] BuildMap(bool background)
    {
        var map = new float[TokenFeatureCount * HiddenSize];
        void Set(int feature, int hidden, float value) => map[(feature * HiddenSize) + hidden] = value;
        if (!background)
        {
            Set(TokConst, HidConst, 1f);
            for (var c = 0; c < 3; c++)
            {
                Set(TokRgb + c, HidFgRgb + c, 1f);
            }

            Set(TokIsColor, HidFgWeight, 1f);
            Set(TokCircle, HidCircle, 1f);
            Set(TokSquare, HidSquare, 1f);
            Set(TokIsBackground, HidBackgroundWord, 1f);
            for (var j = 0; j < IdentityCount; j++)
            {
                Set(TokIdentity + j, HidIdentity + j, 1f);
            }

            return map;
        }

        // Moves the colour from the foreground columns to the background columns.
        for (var c = 0; c < 3; c++)
        {
            Set(TokRgb + c, HidFgRgb + c, -1f);
            Set(TokRgb + c, HidBgRgb + c, 1f);
        }

        Set(TokIsColor, HidFgWeight, -1f);
        Set(TokIsColor, HidBgWeight, 1f);
        return map;
    }
}
