namespace Engine.Schedulers;

/// <summary>UniPC's B(h) choice (A1111 option <c>uni_pc_variant</c>).</summary>
public enum UniPcVariant
{
    /// <summary><c>bh1</c>: B(h) = h (A1111's default).</summary>
    Bh1,

    /// <summary><c>bh2</c>: B(h) = e^h − 1.</summary>
    Bh2,
}
