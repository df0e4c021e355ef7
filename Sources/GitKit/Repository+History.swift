import CLibGit2

extension Repository {
    /// The commits of a range, oldest first (parents before children), as `git rev-list --reverse
    /// --topo-order` lists them. `range` is `A..B`, a single revision (all its ancestors), or nil
    /// for everything reachable from HEAD.
    /// - Throws: `GitError` when a revision does not resolve.
    public func commits(in range: String?) throws(GitError) -> [ObjectID] {
        if let tip = try historyTip(of: range), let history = linearHistory(from: tip) { return history }
        return try walkedCommits(in: range)
    }

    /// The commit whose whole history `range` names: the revision itself, or HEAD's commit when
    /// it is nil; nil for a range `A..B` and for an unborn HEAD.
    private func historyTip(of range: String?) throws(GitError) -> ObjectID? {
        if let range { return range.contains("..") ? nil : try resolveCommit(range) }
        switch try? head() {
        case .branch(_, let tip), .detached(let tip): return tip
        case .unborn, nil: return nil
        }
    }

    /// `commits(in:)` as libgit2's topological walk gives them.
    func walkedCommits(in range: String?) throws(GitError) -> [ObjectID] {
        var walk: OpaquePointer?
        try check(git_revwalk_new(&walk, handle), "start walking history")
        defer { git_revwalk_free(walk) }
        try check(
            git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_REVERSE.rawValue),
            "sort history")
        if let range, range.contains("..") {
            try check(git_revwalk_push_range(walk, range), "walk the range '\(range)'")
        } else if let range {
            var oid = try resolveCommit(range).gitOid
            try check(git_revwalk_push(walk, &oid), "walk from '\(range)'")
        } else {
            try check(git_revwalk_push_head(walk), "walk from HEAD")
        }
        var commits = [ObjectID]()
        var oid = git_oid()
        while true {
            let result = git_revwalk_next(&oid, walk)
            if result == GIT_ITEROVER.rawValue { break }
            try check(result, "walk history")
            commits.append(ObjectID(oid))
        }
        return commits
    }

    /// True when `ancestor` is `descendant` or one of its ancestors.
    /// - Throws: `GitError` when either commit is missing.
    public func isAncestor(_ ancestor: ObjectID, of descendant: ObjectID) throws(GitError) -> Bool {
        if ancestor == descendant { return true }
        var one = descendant.gitOid
        var two = ancestor.gitOid
        let result = git_graph_descendant_of(handle, &one, &two)
        try check(result, "compare \(ancestor.short) and \(descendant.short)")
        return result == 1
    }
}

extension Repository {
    /// The commits reachable from `tip` but from none of `hidden`, oldest first: what a push
    /// brings beyond what is known to be checked already.
    /// - Throws: `GitError` when history cannot be walked.
    public func commits(from tip: ObjectID, hiding hidden: [ObjectID]) throws(GitError) -> [ObjectID] {
        var walk: OpaquePointer?
        try check(git_revwalk_new(&walk, handle), "start walking history")
        defer { git_revwalk_free(walk) }
        try check(git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_REVERSE.rawValue), "sort history")
        var oid = tip.gitOid
        try check(git_revwalk_push(walk, &oid), "walk from \(tip.short)")
        for id in hidden {
            var hide = id.gitOid
            try check(git_revwalk_hide(walk, &hide), "leave out the history of \(id.short)")
        }
        var commits = [ObjectID]()
        var next = git_oid()
        while true {
            let result = git_revwalk_next(&next, walk)
            if result == GIT_ITEROVER.rawValue { break }
            try check(result, "walk history")
            commits.append(ObjectID(next))
        }
        return commits
    }
}
