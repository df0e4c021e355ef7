import ArgumentParser
import Foundation
import HandoffCore

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
        try Self.run(name: name, arguments: arguments)
    }

    /// Runs pre-commit as git calls it (no arguments) and returns the exit code, without the
    /// argument parser, whose reflection over the commands was a tenth of the hook, and without
    /// the invocation's context, which reads the whole environment: git runs this hook on every
    /// commit, and it needs neither.
    static func preCommit(output: OutputSink) -> Int32 {
        do {
            let problems = try Hooks.preCommit()
            problems.forEach { output.diagnostic("handoff pre-commit: \($0)") }
            return problems.isEmpty ? 0 : 1
        } catch {
            output.diagnostic("handoff: \(TerminalText.escaped(error.message))")
            return error.kind == .usage ? 2 : 1
        }
    }

    /// Runs hook `name` with the arguments git passes it, printing one line per problem.
    /// - Throws: `ExitCode(1)` when it found problems, `ValidationError` for an unknown hook.
    static func run(name: String, arguments: [String]) throws {
        let context = CLIEnvironment.current.context
        let problems: [String]
        switch name {
        case "pre-commit":
            problems = try Hooks.preCommit()
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
