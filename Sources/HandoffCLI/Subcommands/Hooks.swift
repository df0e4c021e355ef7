import ArgumentParser
import Foundation
import HandoffCore

/// `handoff hooks install`: the hook scripts into a clone or a bare repository.
struct HooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hooks",
        abstract: "Install handoff's git hooks.",
        subcommands: [Install.self])

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Install pre-commit and commit-msg here, or pre-receive in a bare server repository (--server).")

        @Flag(help: "Install the server hook (pre-receive) into a bare repository.")
        var server = false

        func run() throws {
            for path in try CLIEnvironment.handoff.installHooks(server: server) {
                CLIEnvironment.output.line("Installed \(path)")
            }
        }
    }
}

/// `handoff hook NAME`: what the installed hook scripts call.
struct HookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "Run a hook's checks (called by the installed hook scripts).",
        shouldDisplay: false)

    @Argument(help: "pre-commit, commit-msg or pre-receive.")
    var name: String

    @Argument(parsing: .captureForPassthrough, help: "The arguments git passes to the hook.")
    var arguments: [String] = []

    func run() throws {
        let context = CLIEnvironment.current.context
        let problems: [String]
        switch name {
        case "pre-commit":
            problems = try Hooks.preCommit(environment: context.environment)
        case "commit-msg":
            guard let file = arguments.first, let data = FileManager.default.contents(atPath: file.hasPrefix("/") ? file : context.directory + "/" + file) else {
                throw ValidationError("commit-msg needs the message file git passes")
            }
            problems = Hooks.commitMessage(String(decoding: data, as: UTF8.self))
        case "pre-receive":
            let updates = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            problems = try Hooks.preReceive(updates: updates, environment: context.environment)
        default:
            throw ValidationError("unknown hook '\(name)'; handoff has pre-commit, commit-msg and pre-receive")
        }
        guard problems.isEmpty else {
            problems.forEach { CLIEnvironment.output.diagnostic("handoff \(name): \($0)") }
            throw ExitCode(1)
        }
    }
}
