import Foundation
import GitKit
import HandoffModel
import HandoffSigning
import HandoffStore

/// The checks of `handoff doctor`: can this person, in this clone, make handoffs that others
/// verify? Each check reads only; nothing is changed.
struct Doctor {
    let workspace: Workspace

    /// The oldest libgit2 handoff is built and tested with.
    static let minimumLibGit2 = (1, 5)

    func checks() -> [DoctorCheck] {
        let (signing, publicKey) = self.signing()
        return [identity(), signing, policy(publicKey), trustRoot()] + cloneSetup() + hooks() + mergeDriver() + [libgit2()]
    }

    private func identity() -> DoctorCheck {
        do {
            let identity = try workspace.identity()
            return .ok("identity", "\(identity.committer.name) <\(identity.email)>")
        } catch {
            return .problem("identity", error.message, fix: Self.command(in: error.message) ?? "set user.name and user.email with git config")
        }
    }

    /// The signing setup, and the SSH public key it signs with when there is one.
    private func signing() -> (DoctorCheck, SSHPublicKey?) {
        let setup: SigningSetup
        do {
            setup = try workspace.signingSetup()
            _ = try workspace.signer()
        } catch {
            return (.problem("signing", error.message, fix: Self.command(in: error.message)
                ?? "run: git config gpg.format ssh && git config user.signingkey ~/.ssh/id_ed25519"), nil)
        }
        guard setup.format == .ssh else {
            return (.ok("signing", "gpg.format \(setup.format.rawValue), key \(setup.key ?? "(gpg's default)")"), nil)
        }
        do {
            let key = try SignerPublicKey.of(setup, environment: workspace.context.environment)
            return (.ok("signing", "gpg.format ssh, key \(key.fingerprint)"), key)
        } catch {
            return (.problem("signing", error.message, fix: Self.command(in: error.message) ?? "put the public key beside the private key as KEY.pub"), nil)
        }
    }

    private func policy(_ key: SSHPublicKey?) -> DoctorCheck {
        let name = "policy"
        guard let email = try? workspace.identity().email else {
            return .problem(name, "cannot look for your key without your email", fix: "fix the identity first")
        }
        if key == nil, (try? workspace.signingSetup())?.format == .openpgp { return openPGPPolicy(email) }
        guard let key else {
            return .problem(name, "no SSH signing key to look for in \(PolicyFiles.allowedSigners)",
                            fix: "run: git config gpg.format ssh && git config user.signingkey ~/.ssh/id_ed25519")
        }
        let text: String?
        do {
            text = try workspace.snapshot().fileText(PolicyFiles.allowedSigners)
        } catch {
            return .problem(name, error.message, fix: "run 'handoff init' in this repository, or cd into a handoff repository")
        }
        guard let text, let signers = try? AllowedSigners(parsing: text) else {
            return .problem(name, "\(PolicyFiles.allowedSigners) is missing or malformed", fix: "ask an admin to fix it with 'handoff member add'")
        }
        let now = workspace.context.now()
        if key.isCertificate { return certificatePolicy(signers, email: email, now: now) }
        if !signers.keys(for: email, includingRetired: false).contains(key),
           signers.retires(key, for: email) {
            return .problem(name, "your key \(key.fingerprint) is retired in \(PolicyFiles.allowedSigners) for \(email) and signs nothing new",
                            fix: "point user.signingkey at your current key, or make a new one and run: handoff member key \(email) --key NEW.pub (an admin must, once your key is retired)")
        }
        guard signers.keys(for: email, at: now).contains(key) else {
            return .problem(name, "your key \(key.fingerprint) is not in \(PolicyFiles.allowedSigners) for \(email)",
                            fix: MemberAddress.isValid(email) ? "ask an admin to run: handoff member add \(email) --key YOUR_KEY.pub" : MemberAddress.advice(forNonMember: email))
        }
        return .ok(name, "\(PolicyFiles.allowedSigners) lists your key for \(email)")
    }

    /// The commit whose policy `verify` trusts first in this branch, for the team to publish.
    private func trustRoot() -> DoctorCheck {
        let name = "trust root"
        do {
            guard let root = try Verifier(repository: workspace.repository, environment: workspace.context.environment).headTrustRoot() else {
                return .ok(name, "none yet: no commit of this branch creates .handoff/")
            }
            let subject = root.subject.map { " \"\($0)\"" } ?? ""
            return .ok(name, "\(root.id.hex)\(subject) (the commit that created .handoff/); a fresh clone checks against it with: handoff verify --trust-root \(root.id.hex)")
        } catch {
            return .problem(name, error.message, fix: "run 'git fsck' and fetch the missing history")
        }
    }

    private func hooks() -> [DoctorCheck] {
        if workspace.repository.isBare { return [] }
        let directory: String
        do {
            directory = try HookScripts.hooksDirectory(workspace.repository, workspace.config)
        } catch {
            return [.problem("hooks", error.message, fix: "fix core.hooksPath, then run: handoff hooks install")]
        }
        return HookScripts.client.map { name in
            let check = "hook \(name)"
            let path = directory + "/" + name
            guard let data = FileManager.default.contents(atPath: path) else {
                return .problem(check, "\(path) is missing", fix: "run: handoff hooks install")
            }
            let text = String(decoding: data, as: UTF8.self)
            guard text.contains(HookScripts.marker) else {
                if HookScripts.optional.contains(name) {
                    let calls = text.contains("hook \(name)")
                    return .ok(check, calls ? "\(path) is your own and calls handoff" : "\(path) is your own; add 'handoff hook \(name) \"$@\"' to it to list what a pull brings you")
                }
                return .problem(check, "\(path) was not installed by handoff", fix: "call 'handoff hook \(name) \"$@\"' from it, or move it away and run: handoff hooks install")
            }
            guard FileManager.default.isExecutableFile(atPath: path) else {
                return .problem(check, "\(path) is not executable", fix: "run: chmod +x \(path)")
            }
            guard let binary = Self.installedBinary(in: text) else {
                return .problem(check, "\(path) names no handoff binary", fix: "run: handoff hooks install")
            }
            if FileManager.default.isExecutableFile(atPath: binary) {
                return .ok(check, "calls \(binary)")
            }
            if let fallback = onPath("handoff") {
                return .ok(check, "\(binary) is gone; the hook falls back to \(fallback) on PATH")
            }
            return .problem(check, "\(path) calls \(binary), which is not an executable, and no handoff is on PATH",
                            fix: "run: handoff hooks install (with the handoff you use now)")
        }
    }

    private func mergeDriver() -> [DoctorCheck] {
        var checks = [DoctorCheck]()
        let driver = (try? workspace.config.string("merge.handoff.driver")) ?? nil
        if let driver, driver.contains("merge-driver") {
            checks.append(.ok("merge driver", "merge.handoff.driver = \(driver)"))
        } else {
            checks.append(.problem("merge driver", "git config has no merge.handoff.driver", fix: "run: handoff hooks install"))
        }
        guard let root = workspace.workingDirectory else { return checks }
        let attributes = (FileManager.default.contents(atPath: root + ".gitattributes")).map { String(decoding: $0, as: UTF8.self) } ?? ""
        let routed = attributes.split(separator: "\n").contains { line in
            !line.hasPrefix("#") && line.split(separator: " ").contains("merge=handoff")
        }
        checks.append(routed
            ? .ok("merge attributes", ".gitattributes routes task files to merge=handoff")
            : .problem("merge attributes", ".gitattributes does not route task files to the handoff merge driver",
                       fix: "add the line '\(MergeDriver.attributesLine)' to .gitattributes and commit it"))
        return checks
    }

    private func libgit2() -> DoctorCheck {
        let version = GitLibrary.version
        let parts = version.split(separator: ".").compactMap { Int($0) }
        if parts.count >= 2, (parts[0], parts[1]) < Self.minimumLibGit2 {
            return .problem("libgit2", "libgit2 \(version) is older than \(Self.minimumLibGit2.0).\(Self.minimumLibGit2.1)",
                            fix: "install libgit2 1.5 or newer (Debian 12: apt-get install libgit2-1.5) and rebuild handoff")
        }
        return .ok("libgit2", version)
    }

    /// Where `program` is found on the context's PATH, as the hook's `command -v` would find it.
    private func onPath(_ program: String) -> String? {
        let path = workspace.context.environment["PATH"] ?? ""
        return path.split(separator: ":").map { "\($0)/\(program)" }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    /// The binary an installed hook script calls: its `HANDOFF='…'` line.
    static func installedBinary(in script: String) -> String? {
        for line in script.split(separator: "\n") where line.hasPrefix("HANDOFF='") && line.hasSuffix("'") {
            return String(line.dropFirst("HANDOFF='".count).dropLast())
        }
        return nil
    }

    /// The `run: …` advice at the end of an error message, if it has one.
    private static func command(in message: String) -> String? {
        guard let range = message.range(of: "run: ") else { return nil }
        return String(message[range.lowerBound...])
    }
}

extension Handoff {
    /// Checks identity, signing key and format, the key in the policy, the clone's signing and
    /// verifying config, hooks, merge driver and libgit2, each with how to fix it. Changes nothing.
    /// - Throws: `HandoffError.environment` only when the context is not in a git repository.
    public func doctor() throws(HandoffError) -> [DoctorCheck] {
        Doctor(workspace: try Workspace(context: context)).checks()
    }
}
