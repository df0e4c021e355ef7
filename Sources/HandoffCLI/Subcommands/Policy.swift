import ArgumentParser
import HandoffCore

/// `handoff policy propose|approve|list`: policy changes that several admins sign
/// (`policy_approvals: N`).
struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Propose a policy change and sign it off, when the workflow needs several admins for one.",
        subcommands: [Propose.self, Approve.self, List.self])

    struct Propose: ParsableCommand, RecordingCommand {
        static let configuration = CommandConfiguration(
            abstract: "Propose the policy files you edited (.handoff/, .gitattributes, .mailmap) as one signed commit.")

        @Option(name: [.short, .customLong("message")], help: "Why the policy should change.")
        var message: String?

        func run() throws {
            let (id, commit) = try CLIEnvironment.handoff.proposePolicy(reason: message)
            let output = CLIEnvironment.output
            output.line("Proposed \(id.prefix(12)) in commit \(commit.short); other admins sign it off with 'handoff policy approve \(id.prefix(12))'.")
            output.line("Your edits stay in the working tree (the proposal holds them); 'git checkout -- .handoff' puts the current policy back.")
        }
    }

    struct Approve: ParsableCommand, RecordingCommand {
        static let configuration = CommandConfiguration(abstract: "Sign off on a proposal; the last sign-off needed applies it.")

        @Argument(help: "The proposal's id (its first characters are enough).")
        var id: String

        func run() throws {
            switch try CLIEnvironment.handoff.approvePolicy(id) {
            case .signed(let commit, let remaining):
                CLIEnvironment.output.line("Signed off on \(id) in commit \(commit.short); it waits for \(remaining) more admin\(remaining == 1 ? "" : "s").")
            case .applied(let commit):
                CLIEnvironment.output.line("Signed off on \(id) and applied it in commit \(commit.short): the policy changed.")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "The policy proposals, waiting ones first.")

        @Flag(help: "Print JSON.")
        var json = false

        func run() throws {
            let proposals = try CLIEnvironment.handoff.policyProposals()
            let output = CLIEnvironment.output
            if json {
                output.line(try TaskRendering.json(proposals))
                return
            }
            if proposals.isEmpty { output.line("No policy proposals.") }
            for proposal in proposals {
                let state = proposal.applied.map { "applied by \($0)" } ?? "\(proposal.approvals.count) of \(proposal.needed) sign-offs"
                output.line("\(proposal.id.prefix(12))  \(state)  \(proposal.files.joined(separator: ", "))  \(proposal.reason ?? "")")
            }
        }
    }
}
