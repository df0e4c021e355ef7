import Foundation
import HandoffCore
import TestSupport
import Testing

extension AttackTests {
    /// Case 4: commits no rule looked at because of where they were pushed. mallory's commit adds
    /// her key to `.handoff/allowed_signers`, unsigned; pushed to main directly it is refused, so she
    /// tries to land it somewhere the hook does not look first (SPEC §4 rule 7: every pushed ref is
    /// checked, `refs/replace/*` is refused).
    @Suite struct Refs {
        /// mallory's unsigned policy change on top of base.
        private func policyChange(_ f: AttackFixture) throws -> String {
            try f.malloryCommit(tree: try f.tree(f.base, editing: [.put(".handoff/allowed_signers", try f.forgedSigners(in: f.malloryRepo))], in: f.malloryRepo),
                                message: "add my key\n")
        }

        @Test("an unsigned policy change pushed to a tag first, then the same commit to main")
        func tagFirstThenMain() throws {
            let f = try AttackFixture()
            let commit = try policyChange(f)
            let short = AttackFixture.short(commit)
            try f.expectPushRefused(["\(commit):refs/tags/x"], from: f.malloryRepo, as: f.mallory, naming: [short, "refs/tags/x"],
                                    rules: AttackFixture.refRules)
            try f.expectPushRefused(["\(commit):refs/heads/main"], from: f.malloryRepo, as: f.mallory, naming: [short, "refs/heads/main"],
                                    rules: AttackFixture.headerRules + ["policy"])
            try f.expectVerifyFails(commit, from: f.malloryRepo)
        }

        @Test("an annotated tag object pointing at the unsigned policy change, then main")
        func annotatedTagFirst() throws {
            let f = try AttackFixture()
            let commit = try policyChange(f)
            let tag = try f.object("tag", Array("object \(commit)\ntype commit\ntag y\ntagger \(AttackFixture.identity(f.mallory))\n\nrelease\n".utf8), in: f.malloryRepo)
            try f.expectPushRefused(["\(tag):refs/tags/y"], from: f.malloryRepo, as: f.mallory, naming: [AttackFixture.short(commit), "refs/tags/y"],
                                    rules: AttackFixture.refRules)
            try f.expectPushRefused(["\(commit):refs/heads/main"], from: f.malloryRepo, as: f.mallory, naming: [AttackFixture.short(commit), "refs/heads/main"],
                                    rules: AttackFixture.headerRules + ["policy"])
        }

        @Test("the unsigned policy change pushed to refs/heads/other first, then main")
        func otherBranchFirstThenMain() throws {
            let f = try AttackFixture()
            let commit = try policyChange(f)
            let short = AttackFixture.short(commit)
            try f.expectPushRefused(["\(commit):refs/heads/other"], from: f.malloryRepo, as: f.mallory, naming: [short], rules: AttackFixture.headerRules + ["policy"])
            try f.expectPushRefused(["\(commit):refs/heads/main"], from: f.malloryRepo, as: f.mallory, naming: [short], rules: AttackFixture.headerRules + ["policy"])
            try f.expectVerifyFails(commit, from: f.malloryRepo)
        }

        @Test("a refs/replace/<main> ref: git log main would show mallory's commit in place of alice's history")
        func replaceRef() throws {
            let f = try AttackFixture()
            let commit = try policyChange(f)
            let ref = "refs/replace/\(f.base)"
            try f.expectPushRefused(["\(commit):\(ref)"], from: f.malloryRepo, as: f.mallory, naming: ["refs/replace/", AttackFixture.short(commit)],
                                    rules: ["replace", "refs/replace", "not allowed", "refused"])
        }

        @Test("a refs/replace ref to an honest, signed commit is refused too (the namespace itself)")
        func replaceRefHonestCommit() throws {
            let f = try AttackFixture()
            let honest = try f.bobCommit(tree: try f.bodyEditTree(in: f.bobRepo))
            try f.expectPushRefused(["\(honest):refs/replace/\(f.base)"], from: f.bobRepo, as: f.bob, naming: ["refs/replace/"],
                                    rules: ["replace", "not allowed", "refused"])
        }

        @Test("a ref outside refs/heads and refs/tags (notes, made-up, forge namespaces) is refused by default", arguments: ["refs/notes/x", "refs/foo/bar", "refs/pull/1/head"])
        func otherNamespace(ref: String) throws {
            let f = try AttackFixture()
            let commit = try policyChange(f)
            try f.expectPushRefused(["\(commit):\(ref)"], from: f.malloryRepo, as: f.mallory, naming: [ref, AttackFixture.short(commit)],
                                    rules: AttackFixture.refRules)
        }

        @Test("an existing, verified commit pushed to refs/foo/bar is refused for the namespace alone")
        func otherNamespaceHonestCommit() throws {
            let f = try AttackFixture()
            try f.expectPushRefused(["\(f.base):refs/foo/bar"], from: f.bobRepo, as: f.bob, naming: ["refs/foo/bar"],
                                    rules: ["namespace", "not allowed", "refused", "refs/heads", "only"])
        }
    }
}
