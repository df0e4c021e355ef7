import Foundation
import HandoffCore
import TestSupport
import Testing

/// The red team's test bed: admin alice's repository with two tasks (one handed to bob), a bare
/// server with `handoff hooks install --server` and `receive.fsckObjects false` (plain git fsck
/// must not be what saves us), and clones of it for the attackers: mallory (push access, no key
/// in the policy, not a member) and bob (a member with a key, not an admin). Attacks craft
/// objects with git plumbing, push them, and check both the server hook and `handoff verify
/// --no-cache` in a fresh clone.
final class AttackFixture {
    let team: TestTeam
    var alice: TestPerson { team.admin }
    let bob: TestPerson
    let mallory: TestPerson
    /// The bare server repository.
    let server: String
    /// bob's and mallory's clones of the server (plain `git clone`).
    let bobRepo: String
    let malloryRepo: String
    /// A task alice offered to bob and bob accepted: bob owns it (stage onboarding).
    let bobsTask: String
    let bobsTaskPath: String
    /// A task alice created and still owns (open, stage sales).
    let alicesTask: String
    let alicesTaskPath: String
    /// alice's `handoff init` commit, the trust root.
    let root: String
    /// The server's main after alice's first push.
    let base: String

    /// - Parameters:
    ///   - fsckObjects: the server's `receive.fsckObjects` (false unless a test says otherwise).
    ///   - pushMain: whether alice pushes main (and the attackers clone) before the test starts.
    ///   - installArguments: extra arguments to `handoff hooks install --server`; nil: install
    ///     no hook (the test installs it).
    init(fsckObjects: Bool = false, pushMain: Bool = true, installArguments: [String]? = []) throws {
        team = try TestTeam()
        bob = try team.person("bob", stages: ["onboarding"])
        mallory = try team.person("mallory")
        let admin = team.handoff(as: team.admin)
        bobsTask = try admin.newTask(NewTaskRequest(title: "Onboard ACME", stage: "sales")).task.id
        alicesTask = try admin.newTask(NewTaskRequest(title: "Renew Globex", stage: "sales")).task.id
        try admin.perform(.offer(to: bob.email, stage: "onboarding", brief: TestBriefs.complete), on: bobsTask)
        try team.handoff(as: bob).perform(.accept(readback: "SSO first; chase the SAML metadata."), on: bobsTask)
        bobsTaskPath = try admin.show(bobsTask).entry.path
        alicesTaskPath = try admin.show(alicesTask).entry.path
        root = try team.gitText(["rev-list", "--max-parents=0", "HEAD"]).stripped
        base = try team.gitText(["rev-parse", "HEAD"]).stripped
        server = team.root.appendingPathComponent("server.git").path
        bobRepo = team.root.appendingPathComponent("bob-clone").path
        malloryRepo = team.root.appendingPathComponent("mallory-clone").path
        try TestKeys.check(TestKeys.run("git", ["init", "-q", "--bare", "-b", "main", server], environment: team.admin.environment), "git init --bare")
        if let installArguments {
            try TestKeys.check(installHook(installArguments), "handoff hooks install --server")
        }
        // After the install, which turns fsck on: the attacks must be refused by handoff itself.
        try TestKeys.check(Self.git(server, ["config", "receive.fsckObjects", fsckObjects ? "true" : "false"], as: team.admin), "git config")
        try team.git(["remote", "add", "origin", server])
        if pushMain {
            try TestKeys.check(team.git(["push", "-q", "origin", "main"]), "alice's first push")
            for (person, path) in [(bob, bobRepo), (mallory, malloryRepo)] {
                try TestKeys.check(TestKeys.run("git", ["clone", "-q", server, path], environment: person.environment), "git clone")
            }
        }
    }

    /// Runs `handoff hooks install --server ARGUMENTS` in the server as alice.
    func installHook(_ arguments: [String] = []) throws -> TestKeys.Output {
        try TestKeys.run(TestTeam.handoffBinary, ["hooks", "install", "--server"] + arguments, environment: team.admin.environment,
                         currentDirectory: URL(fileURLWithPath: server))
    }

    // MARK: git

    /// Runs git in `repository` as `person`.
    static func git(_ repository: String, _ arguments: [String], as person: TestPerson, stdin: [UInt8] = [], environment extra: [String: String] = [:]) throws -> TestKeys.Output {
        var environment = person.environment
        environment.merge(extra) { _, new in new }
        return try TestKeys.run("git", ["-C", repository] + arguments, environment: environment, stdin: stdin)
    }

    /// Runs git in `repository` as `person` and returns its trimmed output; throws when git fails.
    func git(_ repository: String, _ arguments: [String], as person: TestPerson? = nil, stdin: [UInt8] = [], environment: [String: String] = [:]) throws -> String {
        let output = try Self.git(repository, arguments, as: person ?? mallory, stdin: stdin, environment: environment)
        try TestKeys.check(output, "git \(arguments.joined(separator: " "))")
        return output.stdoutText.stripped
    }

    /// Writes `bytes` as an object of `type` without any check (`hash-object --literally`).
    func object(_ type: String, _ bytes: [UInt8], in repository: String) throws -> String {
        try git(repository, ["hash-object", "-t", type, "-w", "--literally", "--stdin"], stdin: bytes)
    }

    /// Writes a blob.
    func blob(_ text: String, in repository: String) throws -> String {
        try object("blob", Array(text.utf8), in: repository)
    }

    /// The tree of `revision`.
    func tree(of revision: String, in repository: String) throws -> String {
        try git(repository, ["rev-parse", "\(revision)^{tree}"])
    }

    /// The blob id at `path` in `revision`.
    func blobID(_ path: String, at revision: String, in repository: String) throws -> String {
        try git(repository, ["rev-parse", "\(revision):\(path)"])
    }

    /// The text of `path` in `revision`.
    func file(_ path: String, at revision: String, in repository: String) throws -> String {
        let output = try Self.git(repository, ["cat-file", "blob", "\(revision):\(path)"], as: mallory)
        try TestKeys.check(output, "git cat-file blob \(revision):\(path)")
        return output.stdoutText
    }

    /// One change to a tree made through a scratch index.
    enum TreeEdit {
        /// `path` with `text` (mode 100644 unless given).
        case put(String, String, mode: String = "100644")
        /// `path` pointing at an existing blob with `mode`.
        case entry(String, blob: String, mode: String)
        /// `path` removed.
        case remove(String)
    }

    /// `revision`'s tree with `edits`, written through a scratch index (the work tree is untouched).
    func tree(_ revision: String, editing edits: [TreeEdit], in repository: String) throws -> String {
        let index = team.root.appendingPathComponent("index-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: index) }
        let environment = ["GIT_INDEX_FILE": index]
        _ = try git(repository, ["read-tree", revision], environment: environment)
        for edit in edits {
            switch edit {
            case .put(let path, let text, let mode):
                let id = try blob(text, in: repository)
                _ = try git(repository, ["update-index", "--add", "--cacheinfo", "\(mode),\(id),\(path)"], environment: environment)
            case .entry(let path, let id, let mode):
                _ = try git(repository, ["update-index", "--add", "--cacheinfo", "\(mode),\(id),\(path)"], environment: environment)
            case .remove(let path):
                _ = try git(repository, ["update-index", "--force-remove", path], environment: environment)
            }
        }
        return try git(repository, ["write-tree"], environment: environment)
    }

    /// The entries of tree `treeish`: mode, name and id, in stored order.
    func entries(_ treeish: String, in repository: String) throws -> [(mode: String, name: String, id: String)] {
        try git(repository, ["ls-tree", treeish]).split(separator: "\n").map { line in
            let parts = line.split(separator: "\t", maxSplits: 1)
            let fields = parts[0].split(separator: " ")
            return (String(fields[0]), String(parts[1]), String(fields[2]))
        }
    }

    /// A tree object written byte for byte from `entries`, in the order given (duplicates and
    /// unsorted entries included): what `git mktree` would refuse to write.
    func rawTree(_ entries: [(mode: String, name: String, id: String)], in repository: String) throws -> String {
        var bytes = [UInt8]()
        for entry in entries {
            let mode = entry.mode.hasPrefix("0") ? String(entry.mode.dropFirst()) : entry.mode
            bytes += Array("\(mode == "040000" ? "40000" : mode) \(entry.name)".utf8) + [0]
            var hex = Array(entry.id.utf8)
            while !hex.isEmpty {
                bytes.append(UInt8(String(decoding: hex.prefix(2), as: UTF8.self), radix: 16)!)
                hex.removeFirst(2)
            }
        }
        return try object("tree", bytes, in: repository)
    }

    // MARK: commits

    /// An identity line's value at a fixed time.
    static func identity(_ person: TestPerson, time: Int = 1_764_000_000) -> String {
        "\(person.name.capitalized) <\(person.email)> \(time) +0000"
    }

    /// Writes a commit from header lines and a message, unsigned, exactly as given.
    func commit(headers: [String], message: String, in repository: String) throws -> String {
        try commit(bytes: Array((headers.joined(separator: "\n") + "\n\n" + message).utf8), in: repository)
    }

    /// Writes a commit object from raw bytes.
    func commit(bytes: [UInt8], in repository: String) throws -> String {
        try object("commit", bytes, in: repository)
    }

    /// An SSH signature (`ssh-keygen -Y sign -n git`) of `payload` by `key`, armored, without
    /// its final newline.
    func sign(_ payload: [UInt8], with key: TestSSHKey) throws -> String {
        let file = team.root.appendingPathComponent("payload-\(UUID().uuidString)")
        defer {
            try? FileManager.default.removeItem(at: file)
            try? FileManager.default.removeItem(atPath: file.path + ".sig")
        }
        try Data(payload).write(to: file)
        try TestKeys.check(TestKeys.run("ssh-keygen", ["-Y", "sign", "-n", "git", "-f", key.privateKeyPath, file.path], environment: bob.environment), "ssh-keygen -Y sign")
        return try String(contentsOfFile: file.path + ".sig", encoding: .utf8).stripped
    }

    /// The `gpgsig` header lines for an armored signature.
    static func signatureHeader(_ armor: String, name: String = "gpgsig") -> [String] {
        let lines = armor.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        return ["\(name) \(lines[0])"] + lines.dropFirst().map { " " + $0 }
    }

    /// Writes a commit whose payload (`headers`, blank line, `message`) `key` signed, with the
    /// `gpgsig` header placed after the other headers, as git places it.
    func signedCommit(headers: [String], message: String, key: TestSSHKey, in repository: String) throws -> String {
        let payload = Array((headers.joined(separator: "\n") + "\n\n" + message).utf8)
        let signature = try sign(payload, with: key)
        return try commit(headers: headers + Self.signatureHeader(signature), message: message, in: repository)
    }

    /// A signed commit over raw payload bytes: `headerBytes` (ending in a newline), then the
    /// signature header, then `rest` (the blank line and the message).
    func signedCommit(headerBytes: [UInt8], rest: [UInt8], key: TestSSHKey, in repository: String) throws -> String {
        let signature = try sign(headerBytes + rest, with: key)
        let header = Array((Self.signatureHeader(signature).joined(separator: "\n") + "\n").utf8)
        return try commit(bytes: headerBytes + header + rest, in: repository)
    }

    /// A commit's header lines (without its signature) and message.
    func parts(of commit: String, in repository: String) throws -> (headers: [String], signature: [String], message: String) {
        let raw = try Self.git(repository, ["cat-file", "commit", commit], as: mallory).stdoutText
        let split = raw.range(of: "\n\n")!
        var headers = [String](), signature = [String]()
        var inSignature = false
        for line in raw[..<split.lowerBound].split(separator: "\n").map(String.init) {
            if line.hasPrefix("gpgsig ") || (inSignature && line.hasPrefix(" ")) {
                inSignature = true
                signature.append(line)
            } else {
                inSignature = false
                headers.append(line)
            }
        }
        return (headers, signature, String(raw[split.upperBound...]))
    }

    /// A plain `git commit` in `repository` by `person`, signed with their key, hooks skipped.
    func handCommit(in repository: String, as person: TestPerson, message: String, writing files: [String: String] = [:]) throws -> String {
        for (path, text) in files {
            let url = URL(fileURLWithPath: repository).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
            _ = try git(repository, ["add", path], as: person)
        }
        _ = try git(repository, ["-c", "commit.gpgsign=true", "commit", "-q", "--no-verify", "--allow-empty", "-m", message], as: person)
        return try git(repository, ["rev-parse", "HEAD"], as: person)
    }

    /// The handoff commands as `person` in `repository`.
    func handoff(_ person: TestPerson, in repository: String) -> Handoff {
        Handoff(context: HandoffContext(directory: repository, environment: person.environment))
    }

    // MARK: pushing and verifying

    /// The server's refs, one `name id` per line.
    func serverRefs() throws -> String {
        try git(server, ["for-each-ref", "--format=%(refname) %(objectname)"], as: alice)
    }

    /// Every file under the server's `handoff/` folder with its contents.
    func serverHandoffFiles() -> [String: Data] {
        let folder = server + "/handoff"
        var files = [String: Data]()
        for case let path as String in FileManager.default.enumerator(atPath: folder)?.allObjects ?? [] {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: folder + "/" + path, isDirectory: &isDirectory), !isDirectory.boolValue {
                files[path] = FileManager.default.contents(atPath: folder + "/" + path)
            }
        }
        return files
    }

    /// `git push origin REFSPECS` from `repository` as `person`.
    func push(_ refspecs: [String], from repository: String, as person: TestPerson, force: Bool = false) throws -> TestKeys.Output {
        try Self.git(repository, ["push", "-q"] + (force ? ["--force"] : []) + ["origin"] + refspecs, as: person)
    }

    /// Copies every object of `repository` that `destination` lacks (loose objects and packs),
    /// as a fetch would, but also objects git itself could not walk to.
    func copyObjects(from repository: String, to destination: String) throws {
        let source = try Self.gitDirectory(repository) + "/objects"
        let target = try Self.gitDirectory(destination) + "/objects"
        let manager = FileManager.default
        for case let path as String in manager.enumerator(atPath: source)?.allObjects ?? [] where !path.hasPrefix("info") {
            var isDirectory: ObjCBool = false
            guard manager.fileExists(atPath: source + "/" + path, isDirectory: &isDirectory) else { continue }
            if isDirectory.boolValue {
                try manager.createDirectory(atPath: target + "/" + path, withIntermediateDirectories: true)
            } else if !manager.fileExists(atPath: target + "/" + path) {
                try manager.copyItem(atPath: source + "/" + path, toPath: target + "/" + path)
            }
        }
    }

    private static func gitDirectory(_ repository: String) throws -> String {
        FileManager.default.fileExists(atPath: repository + "/.git") ? repository + "/.git" : repository
    }

    /// A fresh clone of the server holding `repository`'s objects too.
    func freshClone(with repository: String) throws -> String {
        let path = team.root.appendingPathComponent("fresh-\(UUID().uuidString)").path
        try TestKeys.check(TestKeys.run("git", ["clone", "-q", server, path], environment: alice.environment), "git clone")
        try copyObjects(from: repository, to: path)
        return path
    }

    /// `handoff verify --no-cache ARGUMENTS` in `clone` (as a reviewer with no key, mallory's
    /// environment is as good as any: verify judges by the history only).
    func verify(_ arguments: [String], in clone: String) throws -> TestKeys.Output {
        try TestKeys.run(TestTeam.handoffBinary, ["verify", "--no-cache"] + arguments, environment: alice.environment,
                         currentDirectory: URL(fileURLWithPath: clone))
    }

    /// The first seven hex digits of an id, as violation lines start.
    static func short(_ id: String) -> String { String(id.prefix(7)) }
}

/// What an attack must meet: refused at push with a line naming it, refs unmoved, and verify
/// in a fresh clone failing on it.
extension AttackFixture {
    /// Rule words a refusal of a forged commit object may use.
    static let headerRules = ["header", "malformed", "well-formed", "identity", "signature", "unsigned", "duplicate", "encoding", "canonical", "ambiguous", "nul", "hex", "git reads", "object", "could read it differently"]
    /// Rule words for forged trailers.
    static let trailerRules = ["trailer", "hand-edit", "transition", "handoff-"]
    /// Rule words for forged trees.
    static let treeRules = ["tree", "duplicate", "sorted", "order", "entry", "entries", "path", "mode", "symlink", "task-file", "hand-edit", "signature", "unsigned"]
    /// Rule words for paths and modes.
    static let pathRules = ["path", "mode", "symlink", "executable", "task-file", "policy", "attributes", "case", "unicode", "lookalike", "name", "hand-edit"]
    /// Rule words for merges.
    static let mergeRules = ["merge", "parent", "trust root", "trust-root", "policy", "octopus", "unrelated", "descend"]
    /// Rule words for a hand-edited handoff log.
    static let logRules = ["log", "hand-edit", "transition", "history"]
    /// Rule words for refused refs.
    static let refRules = ["refs/", "ref ", "namespace", "replace", "tag", "not allowed", "refused", "signature", "unsigned", "policy"]

    /// Pushes `refspecs` from `repository` as `person` and checks the push is refused with a
    /// `remote:` line naming one of `names` (short ids or refs) and one of `rules`, and that no
    /// ref of the server moved. Returns git's output.
    @discardableResult
    func expectPushRefused(
        _ refspecs: [String], from repository: String, as person: TestPerson, naming names: [String], rules: [String],
        force: Bool = false, sourceLocation: SourceLocation = #_sourceLocation
    ) throws -> TestKeys.Output {
        let before = try serverRefs()
        let output = try push(refspecs, from: repository, as: person, force: force)
        #expect(output.status != 0, "push of \(refspecs) should be refused, but it was accepted:\n\(output.stderrText)", sourceLocation: sourceLocation)
        let lines = output.stderrText.split(separator: "\n").map(String.init).filter { $0.hasPrefix("remote:") }
        let clear = lines.contains { line in
            let lower = line.lowercased()
            return names.contains { line.contains($0) } && rules.contains { lower.contains($0) }
        }
        if output.status != 0 {
            #expect(clear, "no 'remote:' line names one of \(names) with one of the rule words \(rules):\n\(output.stderrText)", sourceLocation: sourceLocation)
        }
        #expect(try serverRefs() == before, "the server's refs moved", sourceLocation: sourceLocation)
        return output
    }

    /// Checks that `handoff verify --no-cache COMMIT` in a fresh clone (of the server, plus
    /// `repository`'s objects) exits 1 with a line naming one of `naming` (default: the commit).
    @discardableResult
    func expectVerifyFails(_ commit: String, from repository: String, naming: [String]? = nil, arguments: [String] = [], sourceLocation: SourceLocation = #_sourceLocation) throws -> TestKeys.Output {
        let clone = try freshClone(with: repository)
        let output = try verify(arguments + [commit], in: clone)
        let names = (naming ?? [commit]).map(Self.short)
        #expect(output.status == 1, "verify \(Self.short(commit)) exited \(output.status):\n\(output.stdoutText)\(output.stderrText)", sourceLocation: sourceLocation)
        if output.status == 1 {
            #expect(names.contains { output.stdoutText.contains($0) }, "verify names none of \(names):\n\(output.stdoutText)\(output.stderrText)", sourceLocation: sourceLocation)
        }
        return output
    }

    /// The whole check for one attack commit pushed to `ref` (default main): refused at push,
    /// refs unmoved, refused by verify in a fresh clone.
    func expectAttackRefused(
        _ commit: String, from repository: String, as person: TestPerson, ref: String = "refs/heads/main", rules: [String],
        alsoPushing extra: [String] = [], naming: [String]? = nil, force: Bool = false, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        try expectPushRefused(["\(commit):\(ref)"] + extra, from: repository, as: person, naming: (naming ?? [commit]).map(Self.short), rules: rules,
                              force: force, sourceLocation: sourceLocation)
        try expectVerifyFails(commit, from: repository, naming: naming, sourceLocation: sourceLocation)
    }
}

/// The forged contents the attacks carry.
extension AttackFixture {
    /// alice's task file with `owner:` changed to mallory by hand.
    func forgedTask(in repository: String) throws -> String {
        let text = try file(alicesTaskPath, at: base, in: repository)
        let forged = text.replacingOccurrences(of: "owner: alice@example.com", with: "owner: mallory@example.com")
        precondition(forged != text, "the task file has no 'owner: alice@example.com' line")
        return forged
    }

    /// `.handoff/allowed_signers` with mallory's key added.
    func forgedSigners(in repository: String) throws -> String {
        try file(".handoff/allowed_signers", at: base, in: repository) + "mallory@example.com namespaces=\"git\" \(mallory.key.publicKey)\n"
    }

    /// The issue's forged tree: base's tree with alice's task given to mallory and mallory's key
    /// in the policy.
    func forgedTree(in repository: String) throws -> String {
        try tree(base, editing: [
            .put(alicesTaskPath, try forgedTask(in: repository)),
            .put(".handoff/allowed_signers", try forgedSigners(in: repository)),
        ], in: repository)
    }

    /// base's tree with an honest body edit of bob's task (a paragraph added), which bob may
    /// sign as a plain commit.
    func bodyEditTree(in repository: String, text: String = "\nContext from bob: kick-off moved to Monday.\n") throws -> String {
        try tree(base, editing: [.put(bobsTaskPath, try file(bobsTaskPath, at: base, in: repository) + text)], in: repository)
    }

    /// The usual header lines of a commit.
    static func headers(tree: String, parents: [String], author: String, committer: String) -> [String] {
        ["tree \(tree)"] + parents.map { "parent \($0)" } + ["author \(author)", "committer \(committer)"]
    }

    /// An unsigned commit by mallory over `tree` with parent base.
    func malloryCommit(tree: String, parents: [String]? = nil, message: String = "x\n") throws -> String {
        let identity = Self.identity(mallory)
        return try commit(headers: Self.headers(tree: tree, parents: parents ?? [base], author: identity, committer: identity),
                          message: message, in: malloryRepo)
    }

    /// A commit by bob over `tree` (parent base unless given), signed with bob's key.
    func bobCommit(tree: String, parents: [String]? = nil, message: String = "Context for the kick-off\n", headers: [String]? = nil) throws -> String {
        let identity = Self.identity(bob)
        return try signedCommit(headers: headers ?? Self.headers(tree: tree, parents: parents ?? [base], author: identity, committer: identity),
                                message: message, key: bob.key, in: bobRepo)
    }
}

extension String {
    /// Without leading and trailing whitespace and newlines.
    var stripped: String { trimmingCharacters(in: .whitespacesAndNewlines) }
}

/// The attack suite (run it alone with `swift test --filter AttackTests`); each case is a
/// nested suite in its own file.
enum AttackTests {}
