import ArgumentParser
import HandoffCore

/// `handoff member add|remove`: people, their stages and their keys.
struct MemberCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "member",
        abstract: "Add or remove members (admins only); each change is one signed commit.",
        subcommands: [Add.self, Remove.self])

    struct Add: ParsableCommand, RecordingCommand {
        static let configuration = CommandConfiguration(abstract: "Add a member with their SSH public key, or update one.")

        @Argument(help: "The member's email, as git records it.")
        var email: String

        @Option(help: "The member's SSH public key file (e.g. id_ed25519.pub), or an armored OpenPGP public key.")
        var key: String?

        @Option(name: .customLong("openpgp-key"), help: "The member's armored OpenPGP public key (gpg --armor --export KEYID > FILE.asc).")
        var openPGPKey: String?

        @Option(name: .customLong("stage"), help: "A stage they work in (repeat for several).")
        var stages: [String] = []

        @Flag(help: "Make them an admin.")
        var admin = false

        func validate() throws {
            guard (key == nil) != (openPGPKey == nil) else {
                throw ValidationError("give the member's key with exactly one of --key FILE.pub or --openpgp-key FILE.asc")
            }
        }

        func run() throws {
            let commit = try CLIEnvironment.handoff.addMember(email: email, keyFile: key ?? openPGPKey ?? "", stages: stages, admin: admin)
            CLIEnvironment.output.line("Added \(email) in commit \(commit.short).")
        }
    }

    struct Remove: ParsableCommand, RecordingCommand {
        static let configuration = CommandConfiguration(abstract: "Remove a member and their keys.")

        @Argument(help: "The member's email.")
        var email: String

        func run() throws {
            let commit = try CLIEnvironment.handoff.removeMember(email: email)
            CLIEnvironment.output.line("Removed \(email) in commit \(commit.short).")
        }
    }
}
