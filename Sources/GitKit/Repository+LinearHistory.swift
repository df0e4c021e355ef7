extension Repository {
    /// `tip`'s history, oldest first, when it is linear (no commit has two parents), read from the
    /// commit-graph and the object files (`ObjectFiles.commitHeader`): libgit2's walk inflates
    /// every commit, which for 20,000 commits takes longer than the rest of listing them. A
    /// linear history has one order, so this is the order libgit2's topological walk gives. nil
    /// when a commit has several parents, the repository is shallow or has grafts (which
    /// libgit2 honours), or a commit cannot be read here: libgit2 walks then.
    func linearHistory(from tip: ObjectID) -> [ObjectID]? {
        guard !isShallowOrGrafted else { return nil }
        let common = commonDirectory
        let objects = objectFiles ?? ObjectFiles(folder: common + "objects")
        var history = [ObjectID]()
        var seen = Set<ObjectID>()
        var next: ObjectID? = tip
        while let id = next {
            guard seen.insert(id).inserted, let parents = objects.commitHeader(id)?.parents, parents.count <= 1 else { return nil }
            history.append(id)
            next = parents.first
        }
        return history.reversed()
    }
}
