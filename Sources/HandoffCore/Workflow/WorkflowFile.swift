/// Writes and edits `.handoff/config.yml` line by line, keeping the team's comments and layout.
public enum WorkflowFile {
    /// The workflow `init` writes: stages in order, each able to hand to itself and to the next,
    /// and one admin who works in every stage.
    public static func initial(prefix: String, stages: [String], admin: Workflow.Member) -> String {
        var transitions = [String]()
        for (index, stage) in stages.enumerated() {
            transitions.append("  - {from: \(stage), to: \(stage)}")
            if index + 1 < stages.count { transitions.append("  - {from: \(stage), to: \(stages[index + 1])}") }
        }
        return Templates.fill(Templates.config, [
            "prefix": prefix,
            "stages": stages.joined(separator: ", "),
            "transitions": transitions.joined(separator: "\n"),
            "members": memberLine(admin),
        ])
    }

    /// One `members:` entry in flow style: `  email: {name: …, stages: [a, b], admin: true}`.
    public static func memberLine(_ member: Workflow.Member) -> String {
        var parts = [String]()
        if let name = member.name { parts.append("name: " + YAMLScalar.render(name, preferring: .plain)) }
        parts.append("stages: [" + member.stages.joined(separator: ", ") + "]")
        parts.append("admin: \(member.admin)")
        return "  " + member.email + ": {" + parts.joined(separator: ", ") + "}"
    }

    /// The workflow text with `member` added (or replaced when the email is already listed).
    /// - Throws: `HandoffError.invalidFile` when the result would not be a valid workflow.
    public static func adding(_ member: Workflow.Member, to text: String) throws(HandoffError) -> String {
        var lines = YAMLLines(text: text)
        _ = lines.removeFromBlock("members", entryKey: member.email)
        lines.appendToBlock("members", line: memberLine(member))
        _ = try Workflow(yaml: lines.text)
        return lines.text
    }

    /// The workflow text without the member `email`.
    /// - Throws: `HandoffError.refused` when no such member is listed.
    public static func removing(_ email: String, from text: String) throws(HandoffError) -> String {
        var lines = YAMLLines(text: text)
        guard lines.removeFromBlock("members", entryKey: email) else {
            throw .refused("\(email) is not a member in \(Workflow.path)")
        }
        _ = try Workflow(yaml: lines.text)
        return lines.text
    }
}
