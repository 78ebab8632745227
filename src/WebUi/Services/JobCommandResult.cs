namespace WebUi.Services;

/// <summary>The answer to cancel, interrupt or skip.</summary>
public enum JobCommandResult
{
    /// <summary>Done (or passed on to the running job).</summary>
    Accepted,

    /// <summary>No such job.</summary>
    NotFound,

    /// <summary>The job belongs to someone else.</summary>
    NotOwner,

    /// <summary>The job is not in a state the command applies to (cancel: not queued; interrupt/skip: not running).</summary>
    WrongState,
}
