namespace PiranhaNet.Web.Security;

/// <summary>
/// The names of audited actions. An action the API also offers is named as its operation (so the audit reads the same
/// whichever way it was done); the others (drafts, sign-in matters) have names of the same shape.
/// </summary>
public static class AuditActions
{
    /// <summary>Pending changes made a version.</summary>
    public const string ApplyDraft = "ApplyDraft";

    /// <summary>Pending changes dropped.</summary>
    public const string DiscardDraft = "DiscardDraft";

    /// <summary>A change added to the pending changes.</summary>
    public const string EditDraft = "EditDraft";

    /// <summary>An old version's content made the new version.</summary>
    public const string RestoreVersion = "RestoreVersion";

    /// <summary>An lvs.cf or keepalived.conf imported as a version.</summary>
    public const string Import = "ImportLvsCf";

    /// <summary>Start or Stop for every director.</summary>
    public const string StartCluster = "StartCluster", StopCluster = "StopCluster";

    /// <summary>Start or Stop for one director.</summary>
    public const string StartDirector = "StartDirector", StopDirector = "StopDirector";

    /// <summary>A director made active by hand.</summary>
    public const string MakeDirectorActive = "MakeDirectorActive";

    /// <summary>A new heartbeat key.</summary>
    public const string RotateHeartbeatKey = "RotateHeartbeatKey";

    /// <summary>A director enrolled or revoked.</summary>
    public const string EnrolDirector = "EnrolDirector", RevokeDirector = "RevokeDirector";

    /// <summary>Users added, re-roled, disabled, enabled, deleted, their password reset by an admin, or changed by themselves.</summary>
    public const string AddUser = "AddUser", SetUserRole = "SetUserRole", DisableUser = "DisableUser", EnableUser = "EnableUser",
        DeleteUser = "DeleteUser", ResetUserPassword = "ResetUserPassword", ChangeOwnPassword = "ChangeOwnPassword";

    /// <summary>API tokens created or revoked.</summary>
    public const string CreateToken = "CreateToken", RevokeToken = "RevokeToken";

    /// <summary>A cluster's director paused, brought back online or drained.</summary>
    public const string PauseDirector = "PauseDirector", ResumeDirector = "ResumeDirector", DrainDirector = "DrainDirector";

    /// <summary>A failover group moved to a director, or its move cleared.</summary>
    public const string MoveGroup = "MoveGroup", ClearGroupMove = "ClearGroupMove";
}
