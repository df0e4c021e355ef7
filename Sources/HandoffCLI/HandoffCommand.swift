import ArgumentParser
import Foundation
import HandoffCore

/// `handoff`: two-phase, signed handoffs of tasks kept in a git repository.
public struct HandoffCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "handoff",
        abstract: "Hand work from person to person with a brief, an accept, and a signed git commit for each step.",
        discussion: "Tasks are Markdown files in tasks/; every handoff is a signed commit. Review with git log --show-signature.",
        version: "0.1.0",
        subcommands: [
            InitCommand.self, MemberCommand.self, PolicyCommand.self, NewCommand.self, OfferCommand.self, AcceptCommand.self,
            AcceptAllCommand.self, ClaimCommand.self, ApproveCommand.self, HandoverCommand.self, DeclineCommand.self, WithdrawCommand.self, NoteCommand.self, CloseCommand.self, ReopenCommand.self,
            ReassignCommand.self, ImportCommand.self, ListCommand.self, ShowCommand.self, InboxCommand.self, VerifyCommand.self, LogCommand.self, AuditCommand.self,
            ReportCommand.self, StatusCommand.self, DoctorCommand.self,
            SyncCommand.self, NotifyCommand.self, RemindCommand.self, HooksCommand.self, HookCommand.self, MergeDriverCommand.self, DemoCommand.self,
        ])

    public init() {}

    /// Runs the process's arguments and exits with handoff's codes: 0 success, 1 refused or
    /// failed, 2 bad usage.
    public static func runAsProcess() -> Never {
        let arguments = Array(CommandLine.arguments.dropFirst())
        if arguments == preCommitArguments { Foundation.exit(HookCommand.preCommit(output: .standard())) }
        Foundation.exit(run(arguments: arguments, context: CLIEnvironment.current.context, output: .standard()))
    }

    /// How git's pre-commit hook calls handoff (on every commit, with no arguments of its own).
    static let preCommitArguments = ["hook", "pre-commit"]

    /// Runs one invocation in-process with `context` and `output`, returning the exit code.
    public static func run(arguments: [String], context: HandoffContext, output: OutputSink) -> Int32 {
        if arguments == preCommitArguments { return HookCommand.preCommit(output: output) }
        var context = context
        if context.notice == nil { context.notice = { output.diagnostic("handoff: \($0)") } }
        return CLIEnvironment.$current.withValue(CLIEnvironment(context: context, output: output)) {
            if let typed = arguments.first, !typed.hasPrefix("-") {
                let known = configuration.subcommands.map { $0.configuration.commandName ?? "" } + ["help"]
                if !known.contains(typed) {
                    let hint = Suggestion.closest(to: typed, in: known).map { "; did you mean '\($0)'?" } ?? ""
                    output.diagnostic("handoff: '\(TerminalText.escaped(typed))' is not a handoff command\(hint) (see 'handoff --help')")
                    return 2
                }
            }
            do {
                var command = try parseAsRoot(arguments)
                try command.run()
                if let failure = output.outputFailure {
                    // What a recording command did is done: say so, and never invite a rerun.
                    let recorded = command is RecordingCommand
                    output.diagnostic("handoff: \(recorded ? "warning: " : "")could not write to standard output (\(failure))"
                        + (recorded ? "; the command did what it was asked, so do not run it again ('git log -1' shows the commit)" : ""))
                    return recorded ? 0 : 1
                }
                return 0
            } catch let error as HandoffError {
                output.diagnostic("handoff: \(TerminalText.escaped(error.message))")
                return error.kind == .usage ? 2 : 1
            } catch let code as ExitCode {
                return code.rawValue
            } catch {
                let code = exitCode(for: error)
                let message = fullMessage(for: error)
                if code == .success {
                    output.line(message)
                    return 0
                }
                output.diagnostic(message)
                return code == .validationFailure ? 2 : code.rawValue
            }
        }
    }
}
