import CLibGit2

extension Repository {
    /// The exact bytes of an unsigned commit object, ready to be signed.
    /// Sign these bytes as they are: a round trip through `String` can alter them.
    /// - Throws: `GitError` when the tree or a parent is missing or a person is malformed.
    public func commitPayload(
        tree: ObjectID, parents: [ObjectID], author: Person, committer: Person, message: String
    ) throws(GitError) -> [UInt8] {
        var treeOid = tree.gitOid
        var treeObject: OpaquePointer?
        try check(git_tree_lookup(&treeObject, handle, &treeOid), "read tree \(tree.short)")
        defer { git_tree_free(treeObject) }

        var parentObjects = [OpaquePointer?]()
        defer { parentObjects.forEach { git_commit_free($0) } }
        for parent in parents {
            var oid = parent.gitOid
            var commit: OpaquePointer?
            try check(git_commit_lookup(&commit, handle, &oid), "read parent commit \(parent.short)")
            parentObjects.append(commit)
        }

        let authorSignature = try signature(author)
        defer { git_signature_free(authorSignature) }
        let committerSignature = try signature(committer)
        defer { git_signature_free(committerSignature) }

        var buffer = handoff_buf_init()
        defer { git_buf_dispose(&buffer) }
        try check(
            git_commit_create_buffer(
                &buffer, handle, authorSignature, committerSignature, nil, message,
                treeObject, parentObjects.count, &parentObjects),
            "build the commit")
        guard let pointer = buffer.ptr else { return [] }
        return Array(UnsafeRawBufferPointer(start: pointer, count: buffer.size))
    }

    /// Writes a commit made of `payload` with `signature` in its `gpgsig` header, as git does.
    /// `signature` is the armored signature without its final newline.
    /// - Throws: `GitError` when the payload is not a valid commit.
    public func writeSignedCommit(payload: [UInt8], signature: String) throws(GitError) -> ObjectID {
        var oid = git_oid()
        var content = payload.map { CChar(bitPattern: $0) }
        content.append(0)
        try check(
            git_commit_create_with_signature(&oid, handle, content, signature, nil),
            "write the signed commit")
        return ObjectID(oid)
    }

    /// Moves branch `name` from `old` to `new` only if it still points at `old`
    /// (creates it when `old` is nil and it does not exist yet). The reflog gets `message`.
    /// Returns normally whenever the reference ends at `new`, even when libgit2 reported a
    /// failure: the move landed, and callers must say so.
    /// - Throws: `GitError` with `isConcurrentUpdate` when another writer moved or locked it;
    ///   the reference does not point at `new` then.
    public func moveReference(
        _ name: String, to new: ObjectID, expecting old: ObjectID?, message: String
    ) throws(GitError) {
        var newOid = new.gitOid
        var reference: OpaquePointer?
        defer { git_reference_free(reference) }
        do {
            if let old {
                var oldOid = old.gitOid
                try check(
                    git_reference_create_matching(&reference, handle, name, &newOid, 1, &oldOid, message),
                    "move \(name) from \(old.short) to \(new.short)")
            } else {
                try check(
                    git_reference_create(&reference, handle, name, &newOid, 0, message),
                    "create \(name) at \(new.short)")
            }
        } catch {
            // What failed may have come after the move (or another writer made the very same
            // move): a reference at `new` is a move that happened, and must be told as one.
            if points(name, at: new) { return }
            forgetReflogEntries(movingTo: new, of: name)
            throw error
        }
    }

    /// True when reference `name` resolves to `id` now.
    private func points(_ name: String, at id: ObjectID) -> Bool {
        var target = id.gitOid
        var current = git_oid()
        return git_reference_name_to_id(&current, handle, name) == 0 && git_oid_equal(&current, &target) != 0
    }

    /// libgit2 appends to the reflogs (the reference's, and HEAD's when HEAD names it) before it
    /// renames the lock over the reference: when that fails (a full disk), or the process is
    /// killed in between, `git reflog` tells of a move that never happened. Drops the newest
    /// entry of each that names `new` while the reference does not point there; best effort,
    /// as the disk may still be full.
    public func forgetReflogEntries(movingTo new: ObjectID, of name: String) {
        guard !points(name, at: new) else { return }
        var target = new.gitOid
        var logs = [name]
        var head: OpaquePointer?
        if git_reference_lookup(&head, handle, "HEAD") == 0, let symbolic = git_reference_symbolic_target(head), String(cString: symbolic) == name {
            logs.append("HEAD")
        }
        git_reference_free(head)
        for log in logs {
            var reflog: OpaquePointer?
            guard git_reflog_read(&reflog, handle, log) == 0 else { continue }
            defer { git_reflog_free(reflog) }
            guard git_reflog_entrycount(reflog) > 0, let entry = git_reflog_entry_byindex(reflog, 0),
                let newest = git_reflog_entry_id_new(entry), git_oid_equal(newest, &target) != 0,
                git_reflog_drop(reflog, 0, 0) == 0
            else { continue }
            _ = git_reflog_write(reflog)
        }
    }

    private func signature(_ person: Person) throws(GitError) -> UnsafeMutablePointer<git_signature>? {
        var out: UnsafeMutablePointer<git_signature>?
        try check(
            git_signature_new(&out, person.name, person.email, person.time, person.offsetMinutes),
            "use '\(person.name) <\(person.email)>' as a git identity")
        return out
    }
}
