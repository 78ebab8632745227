using System.Collections.Frozen;

namespace WebUi.Localization;

/// <summary>
/// Every label the UI shows, keyed by its English text (as A1111's localisation files are). Japanese follows the
/// ja_JP localisation A1111 users already know (docs A1111.md §7) and natural Japanese where it has no entry.
/// </summary>
public static class UiStrings
{
    private static readonly (string Key, string Ja)[] s_pairs =
    [
        // App shell
        ("Cool Japan Diffusion WebUI", "Cool Japan Diffusion WebUI"),
        ("Status", "状態"),
        ("txt2img", "txt2img"),
        ("img2img", "img2img"),
        ("Gallery", "ギャラリー"),
        ("PNG Info", "PNG内の情報を表示"),
        ("Settings", "設定"),
        ("Menu", "メニュー"),
        ("Language", "言語"),
        ("Theme", "テーマ"),
        ("Dark", "ダーク"),
        ("Light", "ライト"),
        ("Switch to light theme", "ライトテーマに切り替え"),
        ("Switch to dark theme", "ダークテーマに切り替え"),
        ("Not found", "見つかりません"),
        ("Sorry, there's nothing at this address.", "このアドレスには何もありません。"),

        // Generation (txt2img / img2img)
        ("Generate", "生成"),
        ("Interrupt", "中断"),
        ("Skip", "スキップ"),
        ("Prompt", "プロンプト"),
        ("Negative prompt", "ネガティブプロンプト"),
        ("Sampling method", "サンプリング方法"),
        ("Schedule type", "スケジュールタイプ"),
        ("Sampling steps", "サンプリングステップ数"),
        ("Width", "幅"),
        ("Height", "高さ"),
        ("Swap width and height", "幅と高さを入れ替え"),
        ("Batch count", "バッチ回数"),
        ("Batch size", "バッチサイズ"),
        ("CFG Scale", "CFGスケール"),
        ("Seed", "シード"),
        ("Random seed", "ランダムなシード"),
        ("Reuse seed", "シードを再利用"),
        ("Extra", "その他"),
        ("Variation seed", "バリエーションのシード"),
        ("Variation strength", "バリエーションの強度"),
        ("Resize seed from width", "シードのリサイズ元の幅"),
        ("Resize seed from height", "シードのリサイズ元の高さ"),
        ("Denoising strength", "ノイズ除去強度"),
        ("Resize mode", "サイズ変更の方式"),
        ("Just resize", "変形"),
        ("Crop and resize", "縦横比を維持(切り取り)"),
        ("Resize and fill", "縦横比を維持(埋める)"),
        ("Drop an image here or click to upload", "ここに画像をドロップするかクリックしてアップロード"),
        ("Interrupted", "中断されました"),
        ("Generation failed", "生成に失敗しました"),
        ("Generating...", "生成中..."),
        ("Images", "画像"),
        ("Queue position", "待ち順"),
        ("Queued", "待機中"),
        ("Running", "実行中"),
        ("Completed", "完了"),
        ("Failed", "失敗"),
        ("Cancelled", "キャンセル"),
        ("Cancel", "キャンセル"),
        ("My queue", "自分のキュー"),
        ("No jobs waiting.", "待機中のジョブはありません。"),
        ("ETA", "残り時間"),
        ("Step", "ステップ"),
        ("Waiting...", "待機中..."),
        ("Loading...", "読み込み中..."),
        ("Live previews", "ライブプレビュー"),
        ("Tokens", "トークン"),
        ("Send to img2img", "img2imgに転送"),
        ("Send to txt2img", "txt2imgに転送"),
        ("Reuse parameters", "パラメータを再利用"),
        ("Reuse all parameters", "すべてのパラメータを再利用"),
        ("Ready", "使用可能"),
        ("Broken", "使用不可"),
        ("The image is no longer in the gallery.", "この画像はもうギャラリーにありません。"),
        ("Open in gallery", "ギャラリーで開く"),
        ("Download", "ダウンロード"),
        ("Save", "保存"),

        // Gallery and prompt history
        ("Favourites", "お気に入り"),
        ("Favourite", "お気に入り"),
        ("Search", "検索"),
        ("Delete", "削除"),
        ("Date", "日付"),
        ("Prompt history", "プロンプト履歴"),
        ("Recent", "最近"),
        ("Most used", "よく使う"),
        ("No images yet.", "まだ画像がありません。"),
        ("No images match.", "条件に合う画像がありません。"),
        ("Favourites only", "お気に入りのみ"),
        ("Images: {0}", "画像: {0} 枚"),
        ("Size", "サイズ"),
        ("Time taken", "所要時間"),
        ("Close", "閉じる"),
        ("Delete this image and its file?", "この画像とファイルを削除しますか?"),
        ("No prompts yet.", "まだプロンプトがありません。"),
        ("Use in txt2img", "txt2imgで使う"),
        ("Previous", "前へ"),
        ("Next", "次へ"),

        // Models, settings
        ("Model", "モデル"),
        ("Models", "モデル"),
        ("Models folder", "モデルフォルダー"),
        ("Execution provider", "実行環境"),
        ("Details", "詳細"),
        ("Use this model", "このモデルを使う"),
        ("In use", "使用中"),
        ("No usable model is loaded.", "使用できるモデルが読み込まれていません。"),
        ("No model folders were found.", "モデルフォルダーが見つかりません。"),
        ("Default size", "既定のサイズ"),
        ("Prediction", "予測方式"),
        ("Demo model note", "これは組み込みの解析的なデモモデルです。プロンプトで指定した色と簡単な図形(例: \"red circle, blue background\")を描きます。実際の画像を生成するには models フォルダーにモデルを入れてください。"),
        ("Output folder", "出力フォルダー"),
        ("File name pattern", "ファイル名のパターン"),
        ("Preview every N steps", "プレビューの間隔(ステップ数)"),
        ("0 turns live previews off.", "0 にするとライブプレビューを表示しません。"),
        ("Relative paths are inside the data folder.", "相対パスはデータフォルダー内になります。"),
        ("Tags", "タグ"),
        ("Apply settings", "設定を適用"),
        ("Settings saved.", "設定を保存しました。"),
        ("Data folder", "データフォルダー"),
        ("User interface", "ユーザーインターフェース"),
        ("Generation", "生成"),

        // PNG Info
        ("Drop a PNG here or click to choose one", "ここにPNGをドロップするか、クリックして選択"),
        ("Parameters", "パラメータ"),
        ("Field", "項目"),
        ("Value", "値"),
        ("This file is not a PNG image.", "このファイルはPNG画像ではありません。"),
        ("This PNG has no generation parameters.", "このPNGには生成パラメータが含まれていません。"),
        ("The file is larger than the limit of {0} MB.", "ファイルが上限の {0} MB を超えています。"),
        ("The file could not be read: {0}", "ファイルを読み込めませんでした: {0}"),
        ("Other text chunks", "その他のテキストチャンク"),

        // img2img
        ("Drop an image here or click to choose one", "ここに画像をドロップするか、クリックして選択"),
        ("Or paste one with Ctrl+V.", "Ctrl+V で貼り付けることもできます。"),
        ("PNG, JPEG or WebP, up to {0} MB", "PNG・JPEG・WebP、{0} MBまで"),
        ("Init image", "元画像"),
        ("Clear image", "画像をクリア"),
        ("Choose an image first.", "先に画像を選択してください。"),
        ("Only PNG, JPEG and WebP images can be used.", "使用できるのはPNG・JPEG・WebP画像のみです。"),
        ("The image is {0}×{1}; at most {2} pixels per side and {3} megapixels are allowed.", "画像のサイズは {0}×{1} です。1辺 {2} ピクセル、合計 {3} メガピクセルまで使用できます。"),
        ("The image is damaged or incomplete.", "画像が壊れているか、不完全です。"),

        // Login (--auth)
        ("Log in", "ログイン"),
        ("Log out", "ログアウト"),
        ("User name", "ユーザー名"),
        ("Password", "パスワード"),
        ("This app asks for a login.", "このアプリを使うにはログインが必要です。"),
        ("Wrong user name or password.", "ユーザー名またはパスワードが違います。"),
    ];

    /// <summary>English labels; the key is the English text itself except for a few long texts.</summary>
    public static FrozenDictionary<string, string> English { get; } = s_pairs.ToFrozenDictionary(
        p => p.Key,
        p => p.Key switch
        {
            "Demo model note" => "This is the built-in analytic demo model: it draws colours and simple shapes named in the prompt (e.g. \"red circle, blue background\"). Install a real model in the models folder to make pictures.",
            _ => p.Key,
        },
        StringComparer.Ordinal);

    /// <summary>Japanese labels.</summary>
    public static FrozenDictionary<string, string> Japanese { get; } = s_pairs.ToFrozenDictionary(p => p.Key, p => p.Ja, StringComparer.Ordinal);
}
