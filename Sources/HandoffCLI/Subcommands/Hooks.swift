import ArgumentParser
import HandoffCore

/// `handoff hooks install`: sets up a clone (hooks, merge driver, signing config) or a bare server repository.
struct HooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hooks",
        abstract: "Install handoff's git hooks and set up a clone to sign and verify.",
        subcommands: [Install.self])

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Set up this clone (hooks, merge driver, commit signing and verifying), or a bare server repository (--server).",
            discussion: """
                In a clone: installs the pre-commit, commit-msg and post-merge hooks and sets, in .git/config, \
                the merge driver, gpg.ssh.allowedSignersFile (this repository's .handoff/allowed_signers) and \
                commit.gpgsign, as 'handoff init' does for its author. Run it once after 'git clone'.
                """)

        @Flag(help: "Install the server hook (pre-receive) into a bare repository, pin its trust root and turn on receive.fsckObjects.")
        var server = false

        @Option(help: ArgumentHelp("With --server: the commit whose policy the server trusts (default: the current branch's first policy commit).", valueName: "commit"))
        var trustRoot: String?

        func validate() throws {
            if trustRoot != nil && !server { throw ValidationError("--trust-root goes with --server") }
        }

        func run() throws {
            let output = CLIEnvironment.output
            guard !server else {
                for path in try CLIEnvironment.handoff.installHooks(server: true) { output.line("Installed \(path)") }
                keptForeign(server: true, output: output)
                for line in try CLIEnvironment.handoff.setUpServer(trustRoot: trustRoot) { output.line(line) }
                return
            }
            let setup = try CLIEnvironment.handoff.setUpClone()
            for path in setup.hooks { output.line("Installed \(path)") }
            keptForeign(server: false, output: output)
            for setting in setup.configured { output.line("Set \(setting.key) = \(setting.value)") }
            output.line("Plain git now signs your commits and verifies everyone's against the team's policy; check with: handoff doctor")
            if let hint = try CLIEnvironment.handoff.mergeAttributesHint() { output.line(hint) }
        }

        /// One line per optional hook left alone because it is the user's own.
        private func keptForeign(server: Bool, output: OutputSink) {
            for name in (try? CLIEnvironment.handoff.keptForeignHooks(server: server)) ?? [] {
                output.line("Left your own \(name) hook alone; add 'handoff hook \(name) \"$@\"' to it for what it adds (\(name == "post-merge" ? "what a pull brings you" : "notifications"))")
            }
        }
    }
}
