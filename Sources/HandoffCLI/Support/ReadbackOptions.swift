import ArgumentParser
import HandoffCore

/// The read-back options of `accept`, `claim` and `accept-all`: inline or from a file.
struct ReadbackOptions: ParsableArguments {
    @Option(help: "Your read-back: the brief in your own words.")
    var readback: String?

    @Option(help: "A file holding the read-back ('-' for standard input).")
    var readbackFile: String?

    func validate() throws {
        if readback != nil && readbackFile != nil { throw ValidationError("give the read-back with --readback or --readback-file, not both") }
    }

    /// The read-back given, if any.
    /// - Throws: when the file cannot be read.
    func text() throws -> String? {
        try TextInput.read(inline: readback, file: readbackFile)
    }

    /// The read-back given, or, when none is and an editor is at hand, written in the editor
    /// on the checklist and the brief of `task`'s pending offer (as `offer` opens one on the
    /// brief template); nil when there is neither.
    /// - Throws: when the file cannot be read, the offer cannot be read, or the editor fails.
    func text(editingFor task: String) throws -> String? {
        if let given = try text() { return given }
        guard TextInput.hasEditor else { return nil }
        let written = TextInput.withoutComments(try TextInput.edit(try CLIEnvironment.handoff.readbackTemplate(for: task), fileName: "READBACK.md"))
        return written.trimmed.isEmpty ? nil : written
    }
}
