using System.Security.Cryptography;
using System.Text;

namespace WebUi.Security;

/// <summary>
/// One configured login. Only SHA-256 hashes of the name and password are kept for comparison, so every check takes the
/// same time whatever the input (<see cref="CryptographicOperations.FixedTimeEquals"/> over equal-length hashes).
/// </summary>
public sealed class Credential
{
    private readonly byte[] _nameHash;
    private readonly byte[] _passwordHash;

    public Credential(string name, string password)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(password);
        Name = name;
        _nameHash = Hash(name);
        _passwordHash = Hash(password);

        // Changes when the password changes, so a login cookie issued for the old password stops working.
        Stamp = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes("sdwebui-login-stamp\0" + name + "\0" + password)))[..32];
    }

    public string Name { get; }

    /// <summary>A value derived from name and password, stored in the login cookie.</summary>
    public string Stamp { get; }

    /// <summary>Compares both parts in constant time (no early exit between them).</summary>
    public bool Matches(byte[] nameHash, byte[] passwordHash) =>
        CryptographicOperations.FixedTimeEquals(nameHash, _nameHash) & CryptographicOperations.FixedTimeEquals(passwordHash, _passwordHash);

    public static byte[] Hash(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));
}
