using WebUi.Security;

namespace WebUi.ModelImport;

/// <summary>
/// Who may import and download models (and cancel an import): anyone while the web UI has no logins (the app is
/// then a single user's, on loopback unless deliberately opened), only <c>--admin</c> users once it has.
/// </summary>
public static class ModelImportPermission
{
    /// <summary>True when a caller with <paramref name="isAdmin"/> may change the installed models.</summary>
    public static bool Allows(UserDirectory users, bool isAdmin)
    {
        ArgumentNullException.ThrowIfNull(users);
        return !users.UiRequiresLogin || isAdmin;
    }
}
