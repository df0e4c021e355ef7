/// The keys of the trailers handoff writes at the end of its commit messages, and reads back
/// with git's reading (`CommitTrailers`): the one list of them.
public enum Trailer: String, CaseIterable, Sendable {
    /// The task's ID.
    case task = "Handoff-Task"
    /// What the commit records (`Action`).
    case action = "Handoff-Action"
    /// Who the task or offer comes from.
    case from = "Handoff-From"
    /// Who it goes to.
    case to = "Handoff-To"
    /// The stage before.
    case fromStage = "Handoff-From-Stage"
    /// The stage after.
    case toStage = "Handoff-To-Stage"
    /// The member a policy change adds or removes (or the first admin, for `init`).
    case member = "Handoff-Member"
    /// The deadline an offer sets for its answer (`offer --respond-by`), UTC ISO 8601.
    case respondBy = "Handoff-Respond-By"
    /// How many tasks an import creates.
    case count = "Handoff-Count"

    /// The prefix every handoff trailer key starts with; a line starting with it anywhere else
    /// in a message is one git could read differently.
    public static let prefix = "Handoff-"
}
