import ArgumentParser
import Foundation
import HandoffCore

/// `handoff hook NAME`: what the installed hook scripts call.
struct HookCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hook",
        abstract: "Run a hook's checks (called by the installed hook scripts).",
        shouldDisplay: false)

    @Argument(help: "pre-commit, commit-msg, post-merge, pre-receive or post-receive.")
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
            let verdict = try Hooks.preReceive(updates: updates, environment: context.environment)
            problems = verdict.problems
            if let root = verdict.trustRoot { CLIEnvironment.output.diagnostic("handoff \(name): judged by the \(root)") }
        case "post-merge":
            // After a pull: what it brought for me. Never fails the pull.
            if let before = try? CLIEnvironment.handoff.resolveCommit("ORIG_HEAD") {
                NewForYouLines.print(since: before, output: CLIEnvironment.output)
            }
            return
        case "post-receive":
            // What landed is in; a failure here must not read as a refused push, so it is a
            // warning and the hook exits 0.
            let updates = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
            do throws(HandoffError) {
                let lines = try PostReceive.run(updates: updates, environment: context.environment, binary: HookScripts.currentBinary, now: context.now())
                lines.forEach { CLIEnvironment.output.diagnostic("handoff: \($0)") }
            } catch {
                CLIEnvironment.output.diagnostic("handoff post-receive: warning: \(TerminalText.escaped(error.message)); nothing was sent, run 'handoff notify --range OLD..NEW' on the server")
            }
            return
        default:
            throw ValidationError("unknown hook '\(name)'; handoff has pre-commit, commit-msg, post-merge, pre-receive and post-receive")
        }
        guard problems.isEmpty else {
            problems.forEach { CLIEnvironment.output.diagnostic("handoff \(name): \($0)") }
            throw ExitCode(1)
        }
    }
}
