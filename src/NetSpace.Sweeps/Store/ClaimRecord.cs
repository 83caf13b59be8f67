namespace NetSpace.Sweeps;

/// <summary>
/// One claim of a trial by a worker (the store's audit log): every training attempt leaves exactly one,
/// so the number of claims with outcome <c>completed</c> per trial shows that it was trained to the end once.
/// </summary>
/// <param name="TrialId">Store-wide trial id.</param>
/// <param name="Index">Index of the trial in its sweep.</param>
/// <param name="Attempt">1-based attempt number.</param>
/// <param name="Worker">The claiming worker.</param>
/// <param name="ClaimedAt">When (store time).</param>
/// <param name="EndedAt">When the claim ended (store time), or null while it is held or after its worker vanished.</param>
/// <param name="Outcome"><c>completed</c>, <c>failed</c>, <c>released</c> (worker stopped), <c>lease-expired</c> (worker lost), or null while held.</param>
public sealed record ClaimRecord(long TrialId, int Index, int Attempt, string Worker, DateTimeOffset ClaimedAt, DateTimeOffset? EndedAt, string? Outcome);
