import Foundation
import CLibGit2

/// git's configuration as git itself would read it for one repository and one environment:
/// system (unless `GIT_CONFIG_NOSYSTEM`), XDG, global (`GIT_CONFIG_GLOBAL` or `~/.gitconfig`),
/// the repository's own file, then `GIT_CONFIG_COUNT`/`GIT_CONFIG_KEY_n`/`GIT_CONFIG_VALUE_n`.
public final class GitConfig {
    private let handle: OpaquePointer
    private let overrides: [String: String]

    private init(handle: OpaquePointer, overrides: [String: String]) {
        self.handle = handle
        self.overrides = overrides
    }

    deinit {
        git_config_free(handle)
    }

    /// Reads the configuration that applies to `repository` in `environment`.
    /// - Throws: `GitError` when a config file exists but cannot be parsed.
    public static func load(
        for repository: Repository?, environment: [String: String]
    ) throws(GitError) -> GitConfig {
        _ = LibGit2.initialized
        var handle: OpaquePointer?
        try check(git_config_new(&handle), "start reading git config")
        guard let handle else { throw GitError(code: -1, operation: "read git config", message: "no handle") }
        let config = GitConfig(handle: handle, overrides: commandLineOverrides(environment))
        for (path, level) in files(for: repository, environment: environment) where fileExists(path) {
            try check(
                git_config_add_file_ondisk(handle, path, level, repository?.handle, 0),
                "read git config file \(path)")
        }
        return config
    }

    /// The value of `key` (e.g. "user.email"), or nil when no level sets it.
    /// - Throws: `GitError` when the value cannot be read.
    public func string(_ key: String) throws(GitError) -> String? {
        if let value = overrides[key.lowercased()] { return value }
        var buffer = handoff_buf_init()
        defer { git_buf_dispose(&buffer) }
        let result = git_config_get_string_buf(&buffer, handle, key)
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try check(result, "read \(key) from git config")
        guard let pointer = buffer.ptr else { return "" }
        return String(cString: pointer)
    }

    /// The boolean value of `key` as git reads booleans, or nil when unset.
    /// - Throws: `GitError` when the value is not a boolean.
    public func bool(_ key: String) throws(GitError) -> Bool? {
        if let value = overrides[key.lowercased()] {
            return ["true", "yes", "on", "1", ""].contains(value.lowercased())
        }
        var value: Int32 = 0
        let result = git_config_get_bool(&value, handle, key)
        if result == GIT_ENOTFOUND.rawValue { return nil }
        try check(result, "read \(key) from git config")
        return value != 0
    }

    /// Sets `key` to `value` in the repository's own config file (`.git/config`).
    /// - Throws: `GitError` when the file cannot be written.
    public static func setLocal(_ key: String, _ value: String, in repository: Repository) throws(GitError) {
        var config: OpaquePointer?
        try check(git_repository_config(&config, repository.handle), "open the repository's config")
        defer { git_config_free(config) }
        var local: OpaquePointer?
        try check(git_config_open_level(&local, config, GIT_CONFIG_LEVEL_LOCAL), "open .git/config")
        defer { git_config_free(local) }
        try check(git_config_set_string(local, key, value), "set \(key) in .git/config")
    }

    private static func files(
        for repository: Repository?, environment: [String: String]
    ) -> [(String, git_config_level_t)] {
        var files = [(String, git_config_level_t)]()
        if !isTrue(environment["GIT_CONFIG_NOSYSTEM"]) {
            files.append((environment["GIT_CONFIG_SYSTEM"] ?? "/etc/gitconfig", GIT_CONFIG_LEVEL_SYSTEM))
        }
        let home = environment["HOME"] ?? ""
        let xdg = environment["XDG_CONFIG_HOME"].map { "\($0)/git/config" } ?? "\(home)/.config/git/config"
        if let global = environment["GIT_CONFIG_GLOBAL"] {
            files.append((global, GIT_CONFIG_LEVEL_GLOBAL))
        } else {
            files.append((xdg, GIT_CONFIG_LEVEL_XDG))
            files.append(("\(home)/.gitconfig", GIT_CONFIG_LEVEL_GLOBAL))
        }
        if let repository {
            files.append((repository.gitDirectory + "config", GIT_CONFIG_LEVEL_LOCAL))
        }
        return files
    }

    private static func commandLineOverrides(_ environment: [String: String]) -> [String: String] {
        guard let count = environment["GIT_CONFIG_COUNT"].flatMap(Int.init), count > 0 else { return [:] }
        var overrides = [String: String]()
        for index in 0..<count {
            guard let key = environment["GIT_CONFIG_KEY_\(index)"] else { continue }
            overrides[key.lowercased()] = environment["GIT_CONFIG_VALUE_\(index)"] ?? ""
        }
        return overrides
    }

    private static func isTrue(_ value: String?) -> Bool {
        guard let value else { return false }
        return ["1", "true", "yes", "on"].contains(value.lowercased())
    }

    private static func fileExists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }
}
