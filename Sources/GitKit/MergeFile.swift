import CLibGit2

/// Three-way merge of one file's contents, as `git merge-file` does it.
public enum MergeFile {
    /// The result of a merge: clean text, or text with conflict markers.
    public struct Result: Sendable {
        /// True when the merge needed no conflict markers.
        public let isClean: Bool
        /// The merged bytes (with markers when not clean).
        public let contents: [UInt8]
    }

    /// Merges `ours` and `theirs`, both descended from `base`; conflict markers carry the labels
    /// `<<<<<<< ours` and `>>>>>>> theirs` unless others are given.
    /// - Throws: `GitError` when libgit2 cannot merge them (e.g. binary input).
    public static func merge(
        base: [UInt8], ours: [UInt8], theirs: [UInt8], ourLabel: String = "ours", theirLabel: String = "theirs"
    ) throws(GitError) -> Result {
        try LibGit2.initialize()
        var options = handoff_merge_file_options()
        var result = git_merge_file_result()
        defer { git_merge_file_result_free(&result) }
        let code = base.withUnsafeBufferPointer { basePointer in
            ours.withUnsafeBufferPointer { oursPointer in
                theirs.withUnsafeBufferPointer { theirsPointer in
                    ourLabel.withCString { ourName in
                        theirLabel.withCString { theirName in
                            options.our_label = ourName
                            options.their_label = theirName
                            var baseInput = input(basePointer)
                            var oursInput = input(oursPointer)
                            var theirsInput = input(theirsPointer)
                            return git_merge_file(&result, &baseInput, &oursInput, &theirsInput, &options)
                        }
                    }
                }
            }
        }
        try check(code, "merge file contents")
        let contents: [UInt8] =
            if let pointer = result.ptr, result.len > 0 {
                Array(UnsafeRawBufferPointer(start: pointer, count: result.len))
            } else {
                []
            }
        return Result(isClean: result.automergeable == 1, contents: contents)
    }

    private static func input(_ bytes: UnsafeBufferPointer<UInt8>) -> git_merge_file_input {
        var input = handoff_merge_file_input()
        input.ptr = UnsafeRawPointer(bytes.baseAddress)?.assumingMemoryBound(to: CChar.self)
        input.size = bytes.count
        return input
    }
}
