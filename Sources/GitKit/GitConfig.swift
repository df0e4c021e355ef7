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
        try LibGit2.initialize()
        var handle: OpaquePointer?
        try check(git_config_new(&handle), "start reading git config")
        guard let handle else { throw GitError(code: -1, operation: "read git config", message: "no handle") }
        let overrides: [String: String]
        do {
            overrides = try commandLineOverrides(environment)
        } catch {
            git_config_free(handle)
            throw error
        }
        let config = GitConfig(handle: handle, overrides: overrides)
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
        if let value = overrides[Self.normalized(key)] { return value }
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
        var value: Int32 = 0
        if let text = overrides[Self.normalized(key)] {
            // As git reads booleans: true/yes/on, false/no/off/empty, or any integer (non-zero is true).
            try check(git_config_parse_bool(&value, text), "read \(key) from GIT_CONFIG_VALUE_n")
            return value != 0
        }
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
            // The common directory: a linked worktree shares its main repository's config.
            let common = git_repository_commondir(repository.handle).map { String(cString: $0) } ?? repository.gitDirectory
            files.append(((common.hasSuffix("/") ? common : common + "/") + "config", GIT_CONFIG_LEVEL_LOCAL))
        }
        return files
    }

    /// The `GIT_CONFIG_KEY_n`/`GIT_CONFIG_VALUE_n` pairs; like git, refuses a key or value that is missing.
    private static func commandLineOverrides(_ environment: [String: String]) throws(GitError) -> [String: String] {
        guard let count = environment["GIT_CONFIG_COUNT"].flatMap(Int.init), count > 0 else { return [:] }
        var overrides = [String: String]()
        for index in 0..<count {
            guard let key = environment["GIT_CONFIG_KEY_\(index)"], !key.isEmpty else {
                throw GitError(code: -1, operation: "read the environment's git config", message: "missing config key GIT_CONFIG_KEY_\(index)")
            }
            guard let value = environment["GIT_CONFIG_VALUE_\(index)"] else {
                throw GitError(code: -1, operation: "read the environment's git config", message: "missing config value GIT_CONFIG_VALUE_\(index)")
            }
            overrides[normalized(key)] = value
        }
        return overrides
    }

    /// `key` as git compares it: section and variable name without case, subsection as written.
    private static func normalized(_ key: String) -> String {
        guard let first = key.firstIndex(of: "."), let last = key.lastIndex(of: "."), first != last else {
            return key.lowercased()
        }
        return key[..<first].lowercased() + key[first..<key.index(after: last)] + key[key.index(after: last)...].lowercased()
    }

    private static func isTrue(_ value: String?) -> Bool {
        guard let value else { return false }
        return ["1", "true", "yes", "on"].contains(value.lowercased())
    }

    private static func fileExists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }
}
