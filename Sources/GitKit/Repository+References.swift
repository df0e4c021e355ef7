import CLibGit2

extension Repository {
    /// The commit `id` names: itself, or what a tag (of a tag…) points at; nil when it names a
    /// tree or a blob.
    /// - Throws: `GitError` when the object is missing.
    public func peeledCommit(_ id: ObjectID) throws(GitError) -> ObjectID? {
        var oid = id.gitOid
        var object: OpaquePointer?
        try check(git_object_lookup(&object, handle, &oid, GIT_OBJECT_ANY), "read \(id.short)")
        defer { git_object_free(object) }
        var commit: OpaquePointer?
        let result = git_object_peel(&commit, object, GIT_OBJECT_COMMIT)
        defer { git_object_free(commit) }
        if result == GIT_EINVALIDSPEC.rawValue || result == GIT_EPEEL.rawValue || result == GIT_ENOTFOUND.rawValue { return nil }
        try check(result, "read \(id.short) as a commit")
        return git_object_id(commit).map { ObjectID($0.pointee) }
    }

    /// The commits the repository's direct references point at, tags peeled; references to
    /// other objects are left out.
    /// - Throws: `GitError` when the references cannot be listed.
    public func referenceTips() throws(GitError) -> [ObjectID] {
        var iterator: OpaquePointer?
        try check(git_reference_iterator_new(&iterator, handle), "list references")
        defer { git_reference_iterator_free(iterator) }
        var tips = [ObjectID]()
        while true {
            var reference: OpaquePointer?
            let result = git_reference_next(&reference, iterator)
            if result == GIT_ITEROVER.rawValue { break }
            try check(result, "list references")
            defer { git_reference_free(reference) }
            guard git_reference_type(reference) == GIT_REFERENCE_DIRECT, let target = git_reference_target(reference) else { continue }
            if let commit = try peeledCommit(ObjectID(target.pointee)) { tips.append(commit) }
        }
        return tips
    }
}

extension Repository {
    /// The direct references whose names match `glob` (e.g. `refs/handoff/backup/*`, where `*`
    /// also crosses `/`, as libgit2's glob does), with what they point at, sorted by name.
    /// - Throws: `GitError` when the references cannot be listed.
    public func references(matching glob: String) throws(GitError) -> [(name: String, target: ObjectID)] {
        var iterator: OpaquePointer?
        try check(git_reference_iterator_glob_new(&iterator, handle, glob), "list references matching \(glob)")
        defer { git_reference_iterator_free(iterator) }
        var found = [(name: String, target: ObjectID)]()
        while true {
            var reference: OpaquePointer?
            let result = git_reference_next(&reference, iterator)
            if result == GIT_ITEROVER.rawValue { break }
            try check(result, "list references matching \(glob)")
            defer { git_reference_free(reference) }
            guard git_reference_type(reference) == GIT_REFERENCE_DIRECT, let target = git_reference_target(reference),
                  let name = git_reference_name(reference) else { continue }
            found.append((String(cString: name), ObjectID(target.pointee)))
        }
        return found.sorted { $0.name < $1.name }
    }

    /// Deletes reference `name` (and its reflog), as `git update-ref -d` does.
    /// - Throws: `GitError` when it cannot be deleted.
    public func deleteReference(_ name: String) throws(GitError) {
        try check(git_reference_remove(handle, name), "delete \(name)")
    }
}
