import Foundation
import GitKit
import HandoffModel
import HandoffSigning

/// An open handoff repository for one command: the git repository, its config, and the state
/// of the current branch. Not `Sendable` (it owns a libgit2 handle); open one per thread.
public final class Workspace {
    /// The git repository.
    public let repository: Repository
    /// Where and with what environment the command runs.
    public let context: HandoffContext
    /// git's configuration for this repository and environment.
    public let config: GitConfig

    /// Opens the repository containing the context's directory, first finishing what an
    /// interrupted command left (unless `finishingInterrupted` is false: a read that runs at the
    /// end of another command, which leaves that to the next command, as it says).
    /// - Throws: `HandoffError.environment` when there is none or it cannot be opened.
    public init(context: HandoffContext, finishingInterrupted: Bool = true) throws(HandoffError) {
        self.context = context
        do {
            repository = try Repository.discover(from: context.directory)
            config = try GitConfig.load(for: repository, environment: context.environment)
        } catch {
            if error.isNotOwned {
                throw .environment("\(context.directory) is in a repository owned by another user (git calls it dubious ownership); if you trust it, run: git config --global --add safe.directory '\(context.directory)'")
            }
            if error.isNotFound {
                throw .environment("\(context.directory) is not in a git repository; run 'git init' first, or cd into one")
            }
            if error.message.contains("objectformat") || error.message.contains("extension") {
                throw .environment("\(context.directory): \(error.message); handoff needs a SHA-1 repository (libgit2 \(GitLibrary.version) cannot read SHA-256 ones)")
            }
            throw .git(error)
        }
        if finishingInterrupted { finishInterruptedCommandIfFree() }
    }

    /// The branch HEAD names and its tip (nil while the branch has no commit).
    /// - Throws: `HandoffError.refused` when HEAD is detached.
    public func currentBranch() throws(HandoffError) -> (name: String, tip: ObjectID?) {
        switch try git({ () throws(GitError) in try repository.head() }) {
        case .branch(let name, let tip): return (name, tip)
        case .unborn(let name): return (name, nil)
        case .detached(let id):
            throw .refused("HEAD is detached at \(id.short); switch to a branch first (git switch main)")
        }
    }

    /// The state of the current branch: its tip, tree, workflow and tasks.
    /// - Throws: `HandoffError.refused` when the repository has no handoff workflow yet.
    public func snapshot() throws(HandoffError) -> Snapshot {
        let branch = try currentBranch()
        guard let tip = branch.tip else {
            throw .refused("this repository has no commits and no workflow; run 'handoff init' first")
        }
        return try Snapshot(repository: repository, branch: branch.name, tip: tip)
    }

    /// Who is acting, as git would record it.
    /// - Throws: `HandoffError.environment` when git has no name or email for the user.
    public func identity() throws(HandoffError) -> Identity {
        try Identity(config: config, environment: context.environment, now: context.now())
    }

    /// The signer git's config asks for (`gpg.format`, `user.signingkey`, `gpg.ssh.program`, `gpg.program`).
    /// - Throws: `HandoffError.environment` saying what to configure.
    public func signer() throws(HandoffError) -> CommitSigner {
        let setup = try signingSetup()
        do {
            return try CommitSigner(setup: setup, environment: context.environment)
        } catch {
            throw .environment(error.message, cause: error)
        }
    }

    /// The signing settings from git config, with git's defaults.
    /// - Throws: `HandoffError.environment` for an unknown `gpg.format`.
    public func signingSetup() throws(HandoffError) -> SigningSetup {
        let formatName = try git({ () throws(GitError) in try config.string("gpg.format") }) ?? "openpgp"
        guard let format = SignatureFormat(rawValue: formatName) else {
            throw .environment("gpg.format '\(formatName)' is not supported; use ssh or openpgp")
        }
        return SigningSetup(
            format: format,
            key: try git({ () throws(GitError) in try config.string("user.signingkey") }),
            sshProgram: try git({ () throws(GitError) in try config.string("gpg.ssh.program") }) ?? "ssh-keygen",
            gpgProgram: try git({ () throws(GitError) in try config.string("gpg.program") }) ?? "gpg")
    }

    /// The working tree's root, ending in a slash; nil in a bare repository.
    public var workingDirectory: String? { repository.workingDirectory }
}
