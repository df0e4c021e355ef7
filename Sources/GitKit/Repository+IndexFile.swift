import CLibGit2
import Foundation
import Glibc

extension Repository {
    /// The path of the index file: `GIT_INDEX_FILE` in a hook, else `.git/index`.
    var indexPath: String { environmentIndexFile ?? gitDirectory + "index" }

    /// The index file parsed in place, or nil when it is missing or needs libgit2. A handoff
    /// asks several times (to find the task, to plan, to stage); the file is read again only
    /// when its stat data changed (git replaces it by rename, so a new file has a new inode).
    func quickIndex() -> IndexFile? {
        guard let stamp = IndexFile.Stamp(path: indexPath) else { return nil }
        if let parsed = parsedIndex, parsed.stamp == stamp { return parsed.file }
        let file = IndexFile(path: indexPath)
        parsedIndex = (stamp, file)
        return file
    }

    /// The stage-0 entry of `path` read straight from the index file, or nil when the file's
    /// format needs libgit2 (`IndexFile` handles formats 2 and 3 with common extensions).
    /// `.some(nil)` means the path is not staged.
    func quickIndexEntry(at path: String) -> IndexEntry?? {
        guard FileManager.default.fileExists(atPath: indexPath) else { return .some(nil) }
        guard let file = quickIndex() else { return nil }
        return .some(file.entry(at: path).map { IndexEntry(id: $0.id, mode: $0.mode) })
    }

    /// The paths staged below `prefix` that end in `suffix`, read from the index file; nil when
    /// there is no index git's format 2 or 3 (a bare repository, or one libgit2 must read).
    public func stagedPaths(under prefix: String, endingWith suffix: String) -> [String]? {
        quickIndex()?.paths(under: prefix, endingWith: suffix)
    }

    /// Stages `changes` by patching the index file in place under git's lock (`index.lock`).
    /// - Returns: false, having written nothing, when a path is not in the index yet or the
    ///   index needs libgit2; the caller then stages through libgit2.
    /// - Throws: `GitError` when the index is locked by another process or cannot be written.
    func quickStage(_ changes: [IndexChange]) throws(GitError) -> Bool {
        let lockPath = indexPath + ".lock"
        var existing = stat()
        guard stat(indexPath, &existing) == 0 else { return false }
        let descriptor = Glibc.open(lockPath, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, existing.st_mode & 0o777)
        guard descriptor >= 0 else {
            if errno == EEXIST {
                throw GitError(
                    code: GIT_ELOCKED.rawValue, operation: "lock the index",
                    message: "\(lockPath) exists; another git process is running, or one was killed: remove the file if no git command is running")
            }
            throw GitError(code: -1, operation: "lock the index", message: String(cString: strerror(errno)))
        }
        var renamed = false
        defer {
            Glibc.close(descriptor)
            if !renamed { unlink(lockPath) }
        }
        // Read under the lock: no other writer can replace the file now.
        guard var file = quickIndex() else { return false }
        parsedIndex = nil
        for change in changes {
            let path: String
            let id: ObjectID
            let stat: IndexFile.Stat
            switch change {
            case .workingFile(let name, let blob):
                path = name
                guard let info = workingFileStat(name), let hashed = blob ?? (try? storeWorkingFile(name)) else { return false }
                id = hashed
                stat = info
            case .blob(let blob, let name, let mode):
                path = name
                id = blob
                stat = IndexFile.Stat(ctime: (0, 0), mtime: (0, 0), device: 0, inode: 0, mode: mode, userID: 0, groupID: 0, size: 0)
            }
            guard let entry = file.entry(at: path), file.update(entry, path: path, to: id, stat: stat) else { return false }
        }
        file.seal()
        guard file.write(to: descriptor) else {
            throw GitError(code: -1, operation: "write the index", message: String(cString: strerror(errno)))
        }
        guard rename(lockPath, indexPath) == 0 else {
            throw GitError(code: -1, operation: "replace the index", message: String(cString: strerror(errno)))
        }
        renamed = true
        return true
    }

    /// The stat data git records for the working file at `path` (a regular file), or nil.
    private func workingFileStat(_ path: String) -> IndexFile.Stat? {
        guard let root = workingDirectory else { return nil }
        var info = stat()
        guard lstat(root + path, &info) == 0, info.st_mode & S_IFMT == S_IFREG else { return nil }
        return IndexFile.Stat(
            ctime: (info.st_ctim.tv_sec, info.st_ctim.tv_nsec), mtime: (info.st_mtim.tv_sec, info.st_mtim.tv_nsec),
            device: UInt64(info.st_dev), inode: UInt64(info.st_ino),
            mode: info.st_mode & 0o100 != 0 ? 0o100755 : 0o100644,
            userID: info.st_uid, groupID: info.st_gid, size: Int64(info.st_size))
    }

    /// Stores the working file at `path` as a blob, after its filters (line endings), as
    /// `git add` does; returns its id.
    private func storeWorkingFile(_ path: String) throws(GitError) -> ObjectID {
        var oid = git_oid()
        try check(git_blob_create_from_workdir(&oid, handle, path), "store \(path)")
        return ObjectID(oid)
    }
}
