import ArgumentParser
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

        @Flag(help: "Install the server hook (pre-receive) into a bare repository, pin its trust root and turn on receive.fsckObjects.")
        var server = false

        @Option(help: ArgumentHelp("With --server: the commit whose policy the server trusts (default: the current branch's first policy commit).", valueName: "commit"))
        var trustRoot: String?

        func validate() throws {
            if trustRoot != nil && !server { throw ValidationError("--trust-root goes with --server") }
        }

        func run() throws {
            for path in try CLIEnvironment.handoff.installHooks(server: server) {
                CLIEnvironment.output.line("Installed \(path)")
            }
            if server {
                for line in try CLIEnvironment.handoff.setUpServer(trustRoot: trustRoot) { CLIEnvironment.output.line(line) }
            }
            if !server, let hint = try CLIEnvironment.handoff.mergeAttributesHint() {
                CLIEnvironment.output.line(hint)
            }
        }
    }
}
