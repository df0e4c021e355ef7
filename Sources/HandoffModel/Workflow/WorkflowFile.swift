/// Writes and edits `.handoff/config.yml` line by line, keeping the team's comments and layout.
public enum WorkflowFile {
    /// The workflow `init` writes: stages in order, each able to hand to itself and to the next,
    /// and one admin who works in every stage.
    public static func initial(prefix: String, stages: [String], admin: Workflow.Member) -> String {
        let names = stages.map { YAMLScalar.render($0, preferring: .plain, inFlow: true) }
        var transitions = [String]()
        for (index, stage) in names.enumerated() {
            transitions.append("  - {from: \(stage), to: \(stage)}")
            if index + 1 < names.count { transitions.append("  - {from: \(stage), to: \(names[index + 1])}") }
        }
        return Templates.fill(Templates.config, [
            "prefix": prefix,
            "stages": names.joined(separator: ", "),
            "transitions": transitions.joined(separator: "\n"),
            "members": memberLine(admin),
        ])
    }

    /// One `members:` entry in flow style: `  email: {name: …, stages: [a, b], admin: true}`.
    public static func memberLine(_ member: Workflow.Member) -> String {
        func flow(_ text: String) -> String { YAMLScalar.render(text, preferring: .plain, inFlow: true) }
        var parts = [String]()
        if let name = member.name { parts.append("name: " + flow(name)) }
        parts.append("stages: [" + member.stages.map(flow).joined(separator: ", ") + "]")
        parts.append("admin: \(member.admin)")
        if let notify = member.notify { parts.append("notify: [" + notify.map(flow).joined(separator: ", ") + "]") }
        return "  " + YAMLScalar.render(member.email, preferring: .plain) + ": {" + parts.joined(separator: ", ") + "}"
    }

    /// The key under which `email` is listed in `text`, which may differ in case; `email` when
    /// it is not listed or the text does not parse.
    private static func listedKey(_ email: String, in text: String) -> String {
        ((try? Workflow(yaml: text))?.member(email)?.email) ?? email
    }

    /// The workflow text with `member` added (or replaced when the email is already listed).
    /// - Throws: `HandoffError.invalidFile` when the result would not be a valid workflow.
    public static func adding(_ member: Workflow.Member, to text: String) throws(HandoffError) -> String {
        var lines = YAMLLines(text: text)
        _ = lines.removeFromBlock("members", entryKey: listedKey(member.email, in: text))
        lines.appendToBlock("members", line: memberLine(member))
        _ = try Workflow(yaml: lines.text)
        return lines.text
    }

    /// The workflow text with `member`'s entry rewritten in place: every other line, its order
    /// and comments stay byte for byte.
    /// - Throws: `HandoffError.refused` when the member is not listed, `.invalidFile` when the
    ///   result would not be a valid workflow.
    public static func replacing(_ member: Workflow.Member, in text: String) throws(HandoffError) -> String {
        var lines = YAMLLines(text: text)
        guard lines.replaceInBlock("members", entryKey: listedKey(member.email, in: text), line: memberLine(member)) else {
            throw .refused("\(member.email) is not a member in \(Workflow.path)")
        }
        _ = try Workflow(yaml: lines.text)
        return lines.text
    }

    /// The workflow text without the member `email`.
    /// - Throws: `HandoffError.refused` when no such member is listed.
    public static func removing(_ email: String, from text: String) throws(HandoffError) -> String {
        var lines = YAMLLines(text: text)
        guard lines.removeFromBlock("members", entryKey: listedKey(email, in: text)) else {
            throw .refused("\(email) is not a member in \(Workflow.path)")
        }
        _ = try Workflow(yaml: lines.text)
        return lines.text
    }
}
