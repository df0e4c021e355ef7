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

    /// The brief given, or written in the editor on `template` (as `git commit` opens one).
    /// - Throws: `HandoffError.refused` when it is empty (nothing is offered then); when the
    ///   file cannot be read or the editor fails.
    func brief(editing template: @autoclosure () throws -> String) throws -> Brief {
        var text = try TextInput.read(inline: message, file: briefFile)
        if text == nil { text = try TextInput.edit(template(), fileName: "BRIEF.md") }
        let brief = Brief(markdown: text ?? "")
        guard !brief.isEmpty else { throw HandoffError.refused("the brief is empty; nothing was offered") }
        return brief
    }
}
