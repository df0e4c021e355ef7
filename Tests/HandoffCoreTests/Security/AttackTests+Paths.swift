import Foundation
import HandoffCore
import TestSupport
import Testing

extension AttackTests {
    /// Case 6: paths and modes that git checks out as task or policy files on some file system, or
    /// that change what a checkout means, while a byte-exact path check looks past them. Each is a
    /// plain commit signed by bob with his listed key, so only a path/mode rule can refuse it.
    @Suite struct Paths {
        /// bob's signed commit of base's tree with `edits`.
        private func bobEdit(_ f: AttackFixture, _ edits: [AttackFixture.TreeEdit]) throws -> String {
            try f.bobCommit(tree: try f.tree(f.base, editing: edits, in: f.bobRepo))
        }

        /// alice's task file, owned by bob, under another ID.
        private func taskCopy(_ f: AttackFixture, id: String = "HO-ZZZZZ") throws -> String {
            try f.file(f.alicesTaskPath, at: f.base, in: f.bobRepo)
                .replacingOccurrences(of: f.alicesTask, with: id)
                .replacingOccurrences(of: "owner: alice@example.com", with: "owner: bob@example.com")
        }

        private var month: (AttackFixture) -> String { { ($0.alicesTaskPath as NSString).deletingLastPathComponent } }

        @Test("a task file turned into a symlink (mode 120000, same bytes): checkout writes a link, the blob is unchanged")
        func taskFileAsSymlink() throws {
            let f = try AttackFixture()
            let blob = try f.blobID(f.bobsTaskPath, at: f.base, in: f.bobRepo)
            let commit = try bobEdit(f, [.entry(f.bobsTaskPath, blob: blob, mode: "120000")])
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.pathRules)
        }

        @Test("a task file made executable (mode 100755, same bytes)")
        func executableTaskFile() throws {
            let f = try AttackFixture()
            let blob = try f.blobID(f.bobsTaskPath, at: f.base, in: f.bobRepo)
            let commit = try bobEdit(f, [.entry(f.bobsTaskPath, blob: blob, mode: "100755")])
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.pathRules)
        }

        @Test("a '.handoff' folder turned into a gitlink (mode 160000) pointing at a commit")
        func policyFileAsGitlink() throws {
            let f = try AttackFixture()
            let commit = try bobEdit(f, [.entry(".handoff/allowed_signers", blob: f.base, mode: "160000")])
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.pathRules + ["policy", "submodule", "gitlink"])
        }

        @Test("'.HANDOFF/' beside '.handoff/' (one folder on a case-insensitive file system), with mallory's key")
        func upperCasePolicyFolder() throws {
            let f = try AttackFixture()
            let commit = try bobEdit(f, [
                .put(".HANDOFF/allowed_signers", try f.forgedSigners(in: f.bobRepo)),
                .put(".HANDOFF/config.yml", try f.file(".handoff/config.yml", at: f.base, in: f.bobRepo)),
            ])
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.pathRules)
        }

        @Test("'Tasks/<month>/HO-….md' created by hand (tasks/ on a case-insensitive file system)")
        func upperCaseTasksFolder() throws {
            let f = try AttackFixture()
            let commit = try bobEdit(f, [.put("Tasks/\((month(f) as NSString).lastPathComponent)/HO-ZZZZZ.md", try taskCopy(f))])
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.pathRules)
        }

        @Test("stray files under tasks/: not task files, and never judged", arguments: ["x.txt", "README.md", "sub/HO-ZZZZZ.md", "HO-ZZZZZ.MD"])
        func strayFileUnderTasks(name: String) throws {
            let f = try AttackFixture()
            let path = name == "README.md" ? "tasks/README.md" : "\(month(f))/\(name)"
            let commit = try bobEdit(f, [.put(path, try taskCopy(f))])
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.pathRules + ["task"])
        }

        @Test(".gitattributes changed by a non-admin", arguments: [
            "tasks/** -merge\n", "tasks/**/*.md filter=evil\n", "tasks/**/*.md merge=union\n", "*.md text eol=crlf\n",
        ])
        func gitattributesByNonAdmin(line: String) throws {
            let f = try AttackFixture()
            let existing = (try? f.file(".gitattributes", at: f.base, in: f.bobRepo)) ?? ""
            let commit = try bobEdit(f, [.put(".gitattributes", existing + line)])
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.pathRules + ["admin", ".gitattributes"])
        }

        @Test("a nested .gitattributes under tasks/ by a non-admin")
        func nestedGitattributes() throws {
            let f = try AttackFixture()
            let commit = try bobEdit(f, [.put("tasks/.gitattributes", "*.md -merge\n")])
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.pathRules + ["admin", ".gitattributes"])
        }

        /// Lookalike folder names, each a `(label, name, kind)` with kind "policy" or "tasks".
        static let lookalikes: [String] = [
            "policy|.handoff\u{200C}",   // zero-width non-joiner (HFS+ ignores it)
            "policy|.handoff\u{200D}",   // zero-width joiner
            "policy|.handoff.",          // trailing dot (Windows drops it)
            "policy|.handoff ",          // trailing space (Windows drops it)
            "policy|HANDOF~1",           // 8.3 short name of .handoff
            "tasks|tasks\u{200C}",
            "tasks|TASKS~1",
            "tasks|tasks.",
            "tasks|tas\u{FF4B}s",        // fullwidth k: the same name after NFKC
            "tasks|\u{FF54}asks",        // fullwidth t
            "tasks|Tas\u{212A}s",        // KELVIN SIGN: lowercases to 'k'
        ]

        @Test("Unicode and file-system lookalikes of .handoff/ and tasks/", arguments: lookalikes)
        func lookalikeFolders(spec: String) throws {
            let f = try AttackFixture()
            let parts = spec.split(separator: "|", maxSplits: 1).map(String.init)
            let edits: [AttackFixture.TreeEdit] = parts[0] == "policy"
                ? [.put("\(parts[1])/allowed_signers", try f.forgedSigners(in: f.bobRepo)),
                   .put("\(parts[1])/config.yml", try f.file(".handoff/config.yml", at: f.base, in: f.bobRepo))]
                : [.put("\(parts[1])/\((month(f) as NSString).lastPathComponent)/HO-ZZZZZ.md", try taskCopy(f))]
            let commit = try bobEdit(f, edits)
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.pathRules)
        }

        @Test("a task ID written in NFD where the file name is NFC (é as e + U+0301 in a month folder name)")
        func nfdMonthFolder() throws {
            let f = try AttackFixture()
            // Both spellings of one folder name: macOS stores NFD, so these are one folder there.
            let nfc = "tasks/caf\u{E9}/HO-ZZZZZ.md", nfd = "tasks/cafe\u{301}/HO-ZZZZY.md"
            let commit = try bobEdit(f, [.put(nfc, try taskCopy(f)), .put(nfd, try taskCopy(f, id: "HO-ZZZZY"))])
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.pathRules + ["task"])
        }
    }
}
