import ArgumentParser

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
}
