import ArgumentParser
import HandoffCore

/// `handoff merge-driver %O %A %B %P`: what git calls to merge task files (see .gitattributes).
struct MergeDriverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge-driver",
        abstract: "Merge a task file three ways (called by git through merge.handoff.driver).",
        shouldDisplay: false)

    @Argument(help: "The common ancestor's version (git's %O).")
    var ancestor: String

    @Argument(help: "Our version, which receives the result (git's %A).")
    var current: String

    @Argument(help: "Their version (git's %B).")
    var other: String

    @Argument(help: "The file's path in the repository (git's %P).")
    var path: String

    func run() throws {
        let directory = CLIEnvironment.current.context.directory
        func absolute(_ file: String) -> String { file.hasPrefix("/") ? file : directory + "/" + file }
        let outcome = try MergeDriver.run(ancestor: absolute(ancestor), current: absolute(current), other: absolute(other), path: path)
        if let message = outcome.message {
            CLIEnvironment.output.diagnostic("handoff merge-driver: \(message)")
        }
        if !outcome.isClean { throw ExitCode(1) }
    }
}
