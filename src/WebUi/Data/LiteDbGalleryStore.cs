using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using LiteDB;

namespace WebUi.Data;

/// <summary>
/// The gallery in one LiteDB file, <c>&lt;DataPath&gt;/gallery.db</c>, opened once and shared (LiteDatabase is
/// thread-safe). LiteDB writes through its journal (a <c>-log</c> file checkpointed into the data file), so a crash
/// loses at most the last write, never the file. Thumbnails live in their own collection so paging and search only
/// read the small records; the filters and the order are answered from a <see cref="GalleryIndex"/> in memory, so a
/// query reads only the records of the page it returns.
/// </summary>
public sealed class LiteDbGalleryStore : IGalleryStore, IDisposable
{
    public const string FileName = "gallery.db";

    private const string ImagesCollection = "images";

    /// <summary>The fields <see cref="GalleryIndex"/> keeps, by the names the mapper gives the properties.</summary>
    private static readonly BsonExpression s_indexFields = BsonExpression.Create(
        $"{{ _id: $._id, {nameof(GalleryItem.CreatedAt)}: $.{nameof(GalleryItem.CreatedAt)}, {nameof(GalleryItem.SearchText)}: $.{nameof(GalleryItem.SearchText)}, "
        + $"{nameof(GalleryItem.ModelId)}: $.{nameof(GalleryItem.ModelId)}, {nameof(GalleryItem.SamplerName)}: $.{nameof(GalleryItem.SamplerName)}, "
        + $"{nameof(GalleryItem.IsFavourite)}: $.{nameof(GalleryItem.IsFavourite)} }}");

    private readonly LiteDatabase _db;
    private readonly ILiteCollection<GalleryItem> _images;
    private readonly ILiteCollection<ThumbnailRecord> _thumbnails;
    private readonly ILiteCollection<PromptHistoryEntry> _prompts;
    private readonly GalleryIndex _index;
    private readonly string _dataPath;
    private readonly Lock _writeLock = new();

    public LiteDbGalleryStore(string dataPath)
    {
        ArgumentException.ThrowIfNullOrEmpty(dataPath);
        _dataPath = Path.GetFullPath(dataPath);
        Directory.CreateDirectory(_dataPath);
        // LiteDB turns "" into null by default, which breaks non-nullable strings such as an empty negative prompt.
        var mapper = new BsonMapper { EmptyStringToNull = false, TrimWhitespace = false };
        mapper.Entity<GalleryItem>().Id(x => x.Id, autoId: true);
        mapper.Entity<PromptHistoryEntry>().Id(x => x.Id, autoId: false);
        mapper.Entity<ThumbnailRecord>().Id(x => x.Id, autoId: false);
        _db = new LiteDatabase(new ConnectionString { Filename = Path.Combine(_dataPath, FileName), Connection = ConnectionType.Direct }, mapper);
        _db.UtcDate = true;
        _images = _db.GetCollection<GalleryItem>(ImagesCollection);
        _thumbnails = _db.GetCollection<ThumbnailRecord>("thumbnails");
        _prompts = _db.GetCollection<PromptHistoryEntry>("prompts");
        // Filters and order are answered by the in-memory GalleryIndex; LiteDB needs only the path index (rebuild, ContainsPath).
        _images.EnsureIndex(x => x.RelativePath, unique: true);
        _prompts.EnsureIndex(x => x.LastUsed);
        _prompts.EnsureIndex(x => x.UseCount);

        // Built before any write can happen, then kept current by this store's writes. Only the index's fields are
        // read: mapping whole records (infotext and all) was about half of the start-up time of a large gallery.
        _index = new GalleryIndex(_db.GetCollection(ImagesCollection).Query().Select(s_indexFields).ToEnumerable().Select(IndexEntryOf));
    }

    public string DataPath => _dataPath;

    public int Add(GalleryItem item, byte[]? thumbnail = null)
    {
        ArgumentNullException.ThrowIfNull(item);
        item.SearchText = SearchTextOf(item.Prompt, item.NegativePrompt);
        item.HasThumbnail = thumbnail is not null;
        var id = _images.Insert(item).AsInt32;
        item.Id = id;
        _index.Add(GalleryIndex.EntryOf(item));
        if (thumbnail is not null)
        {
            _thumbnails.Upsert(new ThumbnailRecord { Id = id, Image = thumbnail });
        }

        return id;
    }

    public GalleryItem? Find(int id) => _images.FindById(id);

    public byte[]? GetThumbnail(int id) => _thumbnails.FindById(id)?.Image;

    public string FullPath(GalleryItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        var full = Path.GetFullPath(Path.Combine(_dataPath, item.RelativePath));
        var root = _dataPath.EndsWith(Path.DirectorySeparatorChar) ? _dataPath : _dataPath + Path.DirectorySeparatorChar;
        return full.StartsWith(root, StringComparison.Ordinal)
            ? full
            : throw new InvalidOperationException($"Gallery record {item.Id} points outside the data folder.");
    }

    public bool ContainsPath(string relativePath) => _images.Exists(x => x.RelativePath == relativePath);

    public GalleryPage Query(GalleryQuery query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var (ids, total) = _index.Query(query, Words(query.Text));
        var items = new List<GalleryItem>(ids.Count);
        foreach (var id in ids)
        {
            if (_images.FindById(id) is { } item)
            {
                items.Add(item);
            }
        }

        return new GalleryPage(items, total);
    }

    public int Count() => _images.Count();

    public bool? ToggleFavourite(int id)
    {
        lock (_writeLock)
        {
            var item = _images.FindById(id);
            if (item is null)
            {
                return null;
            }

            item.IsFavourite = !item.IsFavourite;
            _images.Update(item);
            _index.SetFavourite(id, item.IsFavourite);
            return item.IsFavourite;
        }
    }

    public bool Delete(int id)
    {
        var item = _images.FindById(id);
        if (item is null)
        {
            return false;
        }

        // Record first: a crash in between leaves an unrecorded PNG (which a rebuild finds), never a record without a file.
        var path = FullPath(item);
        _images.Delete(id);
        _index.Remove(id);
        _thumbnails.Delete(id);
        File.Delete(path);
        return true;
    }

    public void RecordPrompt(string prompt, string negativePrompt, DateTime usedAt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ArgumentNullException.ThrowIfNull(negativePrompt);
        var id = PromptId(prompt, negativePrompt);
        lock (_writeLock)
        {
            var entry = _prompts.FindById(id) ?? new PromptHistoryEntry
            {
                Id = id,
                Prompt = prompt,
                NegativePrompt = negativePrompt,
                SearchText = SearchTextOf(prompt, negativePrompt),
                FirstUsed = usedAt,
            };
            entry.UseCount++;
            entry.LastUsed = usedAt;
            _prompts.Upsert(entry);
        }
    }

    public IReadOnlyList<PromptHistoryEntry> RecentPrompts(int take) =>
        _prompts.Query().OrderByDescending(x => x.LastUsed).Limit(Math.Max(1, take)).ToList();

    public IReadOnlyList<PromptHistoryEntry> MostUsedPrompts(int take) =>
        [.. _prompts.FindAll().OrderByDescending(x => x.UseCount).ThenByDescending(x => x.LastUsed).Take(Math.Max(1, take))];

    public IReadOnlyList<PromptHistoryEntry> SearchPrompts(string text, int take)
    {
        var q = _prompts.Query();
        foreach (var word in Words(text))
        {
            q = q.Where(x => x.SearchText.Contains(word));
        }

        return q.OrderByDescending(x => x.LastUsed).Limit(Math.Max(1, take)).ToList();
    }

    public void Dispose() => _db.Dispose();

    /// <summary>An index entry from the projected fields; a field missing from an old record reads as the property's default.</summary>
    private static GalleryIndex.Entry IndexEntryOf(BsonDocument fields)
    {
        string Text(string name) => fields[name] is { IsString: true } value ? value.AsString : "";
        return GalleryIndex.EntryOf(new GalleryItem
        {
            Id = fields["_id"].AsInt32,
            CreatedAt = fields[nameof(GalleryItem.CreatedAt)] is { IsDateTime: true } created ? created.AsDateTime : default,
            SearchText = Text(nameof(GalleryItem.SearchText)),
            ModelId = Text(nameof(GalleryItem.ModelId)),
            SamplerName = Text(nameof(GalleryItem.SamplerName)),
            IsFavourite = fields[nameof(GalleryItem.IsFavourite)] is { IsBoolean: true } favourite && favourite.AsBoolean,
        });
    }

    internal static string SearchTextOf(string prompt, string negativePrompt) =>
        (prompt + "\n" + negativePrompt).ToLower(CultureInfo.InvariantCulture);

    private static string[] Words(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? []
            : text.ToLower(CultureInfo.InvariantCulture).Split([' ', '\t', '\n', '\r', ',', '\u3000', '、'], StringSplitOptions.RemoveEmptyEntries);

    private static string PromptId(string prompt, string negativePrompt) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(prompt + "\0" + negativePrompt)));

    private sealed class ThumbnailRecord
    {
        public int Id { get; set; }

        /// <summary>JPEG, or PNG in databases written before; the field keeps the name those databases use.</summary>
        [BsonField("Png")]
        public byte[] Image { get; set; } = [];
    }
}
