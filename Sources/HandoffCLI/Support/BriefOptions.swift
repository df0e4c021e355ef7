import ArgumentParser
import HandoffCore

/// The brief options of `offer` and `handover`: from a file, inline, or (neither) the editor.
struct BriefOptions: ParsableArguments {
    @Option(help: "A file holding the brief ('-' for standard input).")
    var briefFile: String?

    @Option(name: .short, help: "The brief as text (## Summary, ## Open items, …).")
    var message: String?

    func validate() throws {
        if briefFile != nil && message != nil { throw ValidationError("give the brief with --brief-file or -m, not both") }
    }

    /// True when no brief is given, so the editor opens for one.
    var opensEditor: Bool { briefFile == nil && message == nil }

    /// Runs `offering` with the brief given, or written in the editor (as `git commit` opens
    /// one) on the brief kept for `key` after an earlier refusal, else on `template`. A brief
    /// written in the editor and refused is kept for `key`, and the refusal says where.
    /// - Throws: `HandoffError.refused` when the brief is empty (nothing is offered then), or
    ///   what `offering` throws; when the file cannot be read or the editor fails.
    func withBrief<Result>(
        editing template: @autoclosure () throws -> String, keptFor key: String, _ offering: (Brief) throws -> Result
    ) throws -> Result {
        let handoff = CLIEnvironment.handoff
        if let text = try TextInput.read(inline: message, file: briefFile) {
            return try offering(try Self.nonEmpty(Brief(markdown: text)))
        }
        let written = try TextInput.edit(try handoff.keptBrief(for: key) ?? template(), fileName: "BRIEF.md")
        let brief = try Self.nonEmpty(Brief(markdown: written))
        let result: Result
        do {
            result = try offering(brief)
        } catch let error as HandoffError where error.kind == .refused {
            let path = try handoff.keepBrief(written, for: key)
            throw HandoffError.refused(error.message + " (your brief is kept in \(path); the editor opens on it next time)")
        }
        // What landed is done: a kept brief that cannot be removed is a warning, not a failure.
        do throws(HandoffError) {
            try handoff.dropKeptBrief(for: key)
        } catch {
            CLIEnvironment.output.diagnostic("handoff: warning: \(TerminalText.escaped(error.message))")
        }
        return result
    }

    private static func nonEmpty(_ brief: Brief) throws -> Brief {
        guard !brief.isEmpty else { throw HandoffError.refused("the brief is empty; nothing was offered") }
        return brief
    }
}
