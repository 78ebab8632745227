namespace Engine.Weights.Pickle;

/// <summary>
/// A Python dict or <c>collections.OrderedDict</c> read from a pickle, in insertion order. Keys are strings, integers or
/// booleans (what state dicts use); setting a key again replaces its value in place, as Python does.
/// </summary>
internal sealed class PickleDict
{
    private readonly List<KeyValuePair<object, object?>> _items = [];
    private readonly Dictionary<object, int> _index = [];

    public int Count => _items.Count;

    public IReadOnlyList<KeyValuePair<object, object?>> Items => _items;

    /// <summary>Attributes set by BUILD (an OrderedDict's <c>_metadata</c>); kept, never interpreted.</summary>
    public object? State { get; set; }

    /// <summary>Sets a key; false when the key's type cannot be a state-dict key.</summary>
    public bool TrySet(object? key, object? value)
    {
        if (key is not (string or long or bool))
        {
            return false;
        }

        if (_index.TryGetValue(key, out var at))
        {
            _items[at] = new KeyValuePair<object, object?>(key, value);
        }
        else
        {
            _index.Add(key, _items.Count);
            _items.Add(new KeyValuePair<object, object?>(key, value));
        }

        return true;
    }

    public bool TryGetValue(object key, out object? value)
    {
        if (_index.TryGetValue(key, out var at))
        {
            value = _items[at].Value;
            return true;
        }

        value = null;
        return false;
    }
}
