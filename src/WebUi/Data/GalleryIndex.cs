namespace WebUi.Data;

/// <summary>
/// The fields the gallery filters and sorts on, for every record, in memory and newest first. LiteDB evaluates a word
/// search (a substring test) and a skip by reading and mapping every document it passes, twice when the total is counted
/// too: about 300–500 ms for 5,000 images. Here the same query is a pass over a few hundred bytes per image, and only the
/// page shown is read from the database. Built from the database when the store opens; kept current by the store's own writes,
/// the only writes there are.
/// </summary>
internal sealed class GalleryIndex
{
    private static readonly Comparer<Entry> s_newestFirst = Comparer<Entry>.Create(NewestFirst);
    private readonly Lock _lock = new();
    private readonly List<Entry> _newestFirst = [];

    public GalleryIndex(IEnumerable<Entry> entries)
    {
        _newestFirst.AddRange(entries);
        _newestFirst.Sort(NewestFirst);
    }

    public static Entry EntryOf(GalleryItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        return new(item.Id, Utc(item.CreatedAt), item.SearchText, item.ModelId, item.SamplerName, item.IsFavourite);
    }

    public void Add(Entry entry)
    {
        lock (_lock)
        {
            var index = _newestFirst.BinarySearch(entry, s_newestFirst);
            _newestFirst.Insert(index < 0 ? ~index : index, entry);
        }
    }

    public void Remove(int id)
    {
        lock (_lock)
        {
            _newestFirst.RemoveAll(e => e.Id == id);
        }
    }

    public void SetFavourite(int id, bool value)
    {
        lock (_lock)
        {
            var index = _newestFirst.FindIndex(e => e.Id == id);
            if (index >= 0)
            {
                _newestFirst[index] = _newestFirst[index] with { IsFavourite = value };
            }
        }
    }

    /// <summary>The ids of the page <paramref name="query"/> asks for (newest first) and how many records match in all.</summary>
    public (IReadOnlyList<int> Ids, int TotalCount) Query(GalleryQuery query, IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(words);
        var from = query.From is { } f ? Utc(f) : (DateTime?)null;
        var to = query.To is { } t ? Utc(t) : (DateTime?)null;
        var skip = Math.Max(0, query.Skip);
        var take = Math.Clamp(query.Take, 1, 1000);
        var ids = new List<int>(take);
        var total = 0;
        lock (_lock)
        {
            foreach (var e in _newestFirst)
            {
                if ((string.IsNullOrEmpty(query.ModelId) || e.ModelId == query.ModelId)
                    && (string.IsNullOrEmpty(query.SamplerName) || e.SamplerName == query.SamplerName)
                    && (from is null || e.CreatedAt >= from)
                    && (to is null || e.CreatedAt < to)
                    && (!query.FavouritesOnly || e.IsFavourite)
                    && ContainsAll(e.SearchText, words))
                {
                    if (total >= skip && ids.Count < take)
                    {
                        ids.Add(e.Id);
                    }

                    total++;
                }
            }
        }

        return (ids, total);
    }

    private static bool ContainsAll(string text, IReadOnlyList<string> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            if (!text.Contains(words[i], StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    // LiteDB stores dates as UTC, reading a date of unspecified kind as local time; the index compares them the same way.
    private static DateTime Utc(DateTime value) => value.Kind == DateTimeKind.Utc ? value : value.ToUniversalTime();

    private static int NewestFirst(Entry a, Entry b)
    {
        var byDate = b.CreatedAt.CompareTo(a.CreatedAt);
        return byDate != 0 ? byDate : b.Id.CompareTo(a.Id);
    }

    internal sealed record Entry(int Id, DateTime CreatedAt, string SearchText, string ModelId, string SamplerName, bool IsFavourite);
}
