/// The frontmatter fields of a task file that handoff gives a meaning to, and who may write
/// them: the one list that hand-edit rules, the merge driver and `new` take theirs from.
public enum TaskFields {
    /// The task's ID: its file name too, so it never changes.
    public static let id = "id"

    /// The fields whose changes are handoffs: only handoff's operations write them, and two
    /// sides of a merge that change them differently conflict.
    public static let handoff = ["stage", "owner", "state", "offer"]

    /// The fields a hand-made commit may not change: the ID and the handoff fields.
    public static let protectedFromHandEdits = [id] + handoff

    /// The fields `new` writes from its own options, which `--field` may therefore not set.
    package static let writtenByNew: Set<String> = Set([id, "title", "created", "labels", "priority", "due"] + handoff)
}
