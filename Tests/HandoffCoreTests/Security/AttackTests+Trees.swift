import Foundation
import HandoffCore
import TestSupport
import Testing

extension AttackTests {
    /// Case 3: trees that git could read in two ways (duplicate or unsorted entries), written with
    /// `git hash-object -t tree --literally` because `git mktree` refuses them. Each is committed by
    /// bob with his good signature, so only reading the tree as git does can refuse it: the forged
    /// half gives alice's task to bob by hand.
    @Suite struct Trees {
        /// The root entries of base, the original `tasks` tree, and a `tasks` tree in which alice's
        /// task belongs to bob.
        private func forgedTasks(_ f: AttackFixture) throws -> (root: [(mode: String, name: String, id: String)], tasks: String, forgedTasks: String, forgedMonth: String) {
            let forgedText = try f.file(f.alicesTaskPath, at: f.base, in: f.bobRepo)
                .replacingOccurrences(of: "owner: alice@example.com", with: "owner: bob@example.com")
            let edited = try f.tree(f.base, editing: [.put(f.alicesTaskPath, forgedText)], in: f.bobRepo)
            let month = (f.alicesTaskPath as NSString).deletingLastPathComponent
            return (try f.entries(f.base, in: f.bobRepo), try f.git(f.bobRepo, ["rev-parse", "\(f.base):tasks"]),
                    try f.git(f.bobRepo, ["rev-parse", "\(edited):tasks"]), try f.git(f.bobRepo, ["rev-parse", "\(edited):\(month)"]))
        }

        @Test("a root tree with two 'tasks' entries: a first-match lookup sees the original, checkout writes the forged one")
        func duplicateTasksEntry() throws {
            let f = try AttackFixture()
            let parts = try forgedTasks(f)
            var entries = parts.root
            let index = entries.firstIndex { $0.name == "tasks" }!
            entries.insert((mode: "40000", name: "tasks", id: parts.forgedTasks), at: index + 1)
            let tree = try f.rawTree(entries, in: f.bobRepo)
            let commit = try f.bobCommit(tree: tree)
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.treeRules)
        }

        @Test("two 'tasks' entries the other way round: forged first, original last")
        func duplicateTasksEntryForgedFirst() throws {
            let f = try AttackFixture()
            let parts = try forgedTasks(f)
            var entries = parts.root
            let index = entries.firstIndex { $0.name == "tasks" }!
            entries.insert((mode: "40000", name: "tasks", id: parts.forgedTasks), at: index)
            let commit = try f.bobCommit(tree: try f.rawTree(entries, in: f.bobRepo))
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.treeRules)
        }

        @Test("unsorted root entries: the forged 'tasks' before '.handoff' (a sorted walk or binary search may miss it)")
        func unsortedEntries() throws {
            let f = try AttackFixture()
            let parts = try forgedTasks(f)
            var entries = parts.root.filter { $0.name != "tasks" }
            entries.insert((mode: "40000", name: "tasks", id: parts.forgedTasks), at: 0)
            let commit = try f.bobCommit(tree: try f.rawTree(entries, in: f.bobRepo))
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.treeRules)
        }

        @Test("a blob 'tasks' beside the tree 'tasks' (each sorts in its own place: 'tasks' < 'tasks/')")
        func blobAndTreeNamedTasks() throws {
            let f = try AttackFixture()
            let parts = try forgedTasks(f)
            var entries = parts.root.filter { $0.name != "tasks" }
            let junk = try f.blob("not a folder\n", in: f.bobRepo)
            entries += [(mode: "100644", name: "tasks", id: junk), (mode: "40000", name: "tasks", id: parts.forgedTasks)]
            let commit = try f.bobCommit(tree: try f.rawTree(entries, in: f.bobRepo))
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.treeRules)
        }

        @Test("a blob 'tasks' beside the original tree 'tasks' (no content change, only an ambiguous tree)")
        func blobBesideOriginalTasks() throws {
            let f = try AttackFixture()
            let parts = try forgedTasks(f)
            var entries = parts.root.filter { $0.name != "tasks" }
            let junk = try f.blob("not a folder\n", in: f.bobRepo)
            entries += [(mode: "100644", name: "tasks", id: junk), (mode: "40000", name: "tasks", id: parts.tasks)]
            let commit = try f.bobCommit(tree: try f.rawTree(entries, in: f.bobRepo))
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.treeRules)
        }

        @Test("duplicate task file entries inside a month folder: the original first, the forged owner second")
        func duplicateTaskFile() throws {
            let f = try AttackFixture()
            let parts = try forgedTasks(f)
            let month = (f.alicesTaskPath as NSString).deletingLastPathComponent
            let name = (f.alicesTaskPath as NSString).lastPathComponent
            let forgedBlob = try f.git(f.bobRepo, ["rev-parse", "\(parts.forgedMonth):\(name)"])
            var monthEntries = try f.entries("\(f.base):\(month)", in: f.bobRepo)
            let index = monthEntries.firstIndex { $0.name == name }!
            monthEntries.insert((mode: "100644", name: name, id: forgedBlob), at: index + 1)
            let monthTree = try f.rawTree(monthEntries, in: f.bobRepo)
            let monthName = (month as NSString).lastPathComponent
            let tasksEntries = try f.entries("\(f.base):tasks", in: f.bobRepo).map { $0.name == monthName ? (mode: $0.mode, name: $0.name, id: monthTree) : $0 }
            let tasksTree = try f.rawTree(tasksEntries, in: f.bobRepo)
            let rootEntries = parts.root.map { $0.name == "tasks" ? (mode: $0.mode, name: $0.name, id: tasksTree) : $0 }
            let commit = try f.bobCommit(tree: try f.rawTree(rootEntries, in: f.bobRepo))
            try f.expectAttackRefused(commit, from: f.bobRepo, as: f.bob, rules: AttackFixture.treeRules)
        }

        @Test("duplicate '.handoff' entries: the original policy first, one with mallory's key second (unsigned, by mallory)")
        func duplicatePolicyEntry() throws {
            let f = try AttackFixture()
            let forged = try f.tree(f.base, editing: [.put(".handoff/allowed_signers", try f.forgedSigners(in: f.malloryRepo))], in: f.malloryRepo)
            let forgedPolicy = try f.git(f.malloryRepo, ["rev-parse", "\(forged):.handoff"])
            var entries = try f.entries(f.base, in: f.malloryRepo)
            let index = entries.firstIndex { $0.name == ".handoff" }!
            entries.insert((mode: "40000", name: ".handoff", id: forgedPolicy), at: index + 1)
            let commit = try f.malloryCommit(tree: try f.rawTree(entries, in: f.malloryRepo))
            try f.expectAttackRefused(commit, from: f.malloryRepo, as: f.mallory, rules: AttackFixture.treeRules + ["policy"])
        }
    }
}
