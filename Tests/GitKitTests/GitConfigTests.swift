import Foundation
@testable import GitKit
import TestSupport
import Testing

/// GitConfig reads the levels git reads, in git's order, and agrees with `git config`.
@Suite struct GitConfigTests {
    /// Writes a config file at `path` with `user.email` (and more lines).
    private func writeConfig(_ path: String, _ lines: [String: String]) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        var text = ""
        var bySection = [String: [(String, String)]]()
        for (key, value) in lines.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: ".", maxSplits: 1)
            bySection[String(parts[0]), default: []].append((String(parts[1]), value))
        }
        for (section, entries) in bySection.sorted(by: { $0.key < $1.key }) {
            text += "[\(section)]\n"
            for (name, value) in entries { text += "\t\(name) = \(value)\n" }
        }
        try Data(text.utf8).write(to: url)
    }

    /// The environment of `repo` without the identity variables, plus `extra`.
    private func environment(_ repo: GitTestRepository, _ extra: [String: String] = [:]) -> [String: String] {
        var environment = repo.environment.filter { !$0.key.hasPrefix("GIT_AUTHOR_") && !$0.key.hasPrefix("GIT_COMMITTER_") }
        environment.merge(extra) { _, new in new }
        return environment
    }

    /// What real git says `key` is in `environment`, or nil when unset.
    private func gitValue(_ key: String, _ repo: GitTestRepository, _ environment: [String: String]) throws -> String? {
        let output = try TestKeys.run("git", ["-C", repo.path, "config", "--get", key], environment: environment)
        return output.status == 0 ? output.stdoutText.trimmingCharacters(in: .newlines) : nil
    }

    @Test("GIT_CONFIG_GLOBAL replaces ~/.gitconfig and the XDG file")
    func globalOverride() throws {
        let repo = try GitTestRepository()
        let home = try #require(repo.environment["HOME"])
        try writeConfig(home + "/.gitconfig", ["user.email": "home@example.com", "user.name": "Home"])
        try writeConfig(home + "/.config/git/config", ["user.email": "xdg@example.com", "core.pager": "xdg-pager"])
        let global = repo.root.appendingPathComponent("global.config").path
        try writeConfig(global, ["user.email": "global@example.com"])

        let plain = environment(repo)
        let config = try GitConfig.load(for: try repo.open(), environment: plain)
        #expect(try config.string("user.email") == "home@example.com")
        #expect(try config.string("core.pager") == "xdg-pager")
        #expect(try config.string("user.email") == gitValue("user.email", repo, plain))

        let overridden = environment(repo, ["GIT_CONFIG_GLOBAL": global])
        let config2 = try GitConfig.load(for: try repo.open(), environment: overridden)
        #expect(try config2.string("user.email") == "global@example.com")
        #expect(try config2.string("user.name") == nil)
        #expect(try config2.string("core.pager") == nil)
        #expect(try config2.string("user.email") == gitValue("user.email", repo, overridden))
        #expect(try config2.string("user.name") == gitValue("user.name", repo, overridden))
    }

    @Test("GIT_CONFIG_NOSYSTEM skips the system file that GIT_CONFIG_SYSTEM names")
    func noSystem() throws {
        let repo = try GitTestRepository()
        let system = repo.root.appendingPathComponent("system.config").path
        try writeConfig(system, ["user.name": "System Name", "core.editor": "system-editor"])
        var withSystem = environment(repo, ["GIT_CONFIG_SYSTEM": system])
        withSystem.removeValue(forKey: "GIT_CONFIG_NOSYSTEM")
        let config = try GitConfig.load(for: try repo.open(), environment: withSystem)
        #expect(try config.string("user.name") == "System Name")
        #expect(try config.string("user.name") == gitValue("user.name", repo, withSystem))

        let without = environment(repo, ["GIT_CONFIG_SYSTEM": system, "GIT_CONFIG_NOSYSTEM": "1"])
        let config2 = try GitConfig.load(for: try repo.open(), environment: without)
        #expect(try config2.string("user.name") == nil)
        #expect(try config2.string("core.editor") == nil)
        #expect(try gitValue("user.name", repo, without) == nil)
    }

    @Test("the repository's own config wins over the global one")
    func localOverGlobal() throws {
        let repo = try GitTestRepository()
        let global = repo.root.appendingPathComponent("global.config").path
        try writeConfig(global, ["user.email": "global@example.com", "user.name": "Global Name"])
        _ = try repo.gitText(["config", "--local", "user.email", "local@example.com"])
        let environment = environment(repo, ["GIT_CONFIG_GLOBAL": global])
        let config = try GitConfig.load(for: try repo.open(), environment: environment)
        #expect(try config.string("user.email") == "local@example.com")
        #expect(try config.string("user.name") == "Global Name")
        #expect(try config.string("user.email") == gitValue("user.email", repo, environment))
        // Without a repository only the global level applies.
        #expect(try GitConfig.load(for: nil, environment: environment).string("user.email") == "global@example.com")
    }

    @Test("GIT_CONFIG_COUNT/KEY_n/VALUE_n win over every file, as git -c does")
    func commandLineOverrides() throws {
        let repo = try GitTestRepository()
        _ = try repo.gitText(["config", "--local", "user.email", "local@example.com"])
        _ = try repo.gitText(["config", "--local", "commit.gpgsign", "false"])
        let environment = environment(repo, [
            "GIT_CONFIG_COUNT": "3",
            "GIT_CONFIG_KEY_0": "user.email", "GIT_CONFIG_VALUE_0": "env@example.com",
            "GIT_CONFIG_KEY_1": "Commit.GpgSign", "GIT_CONFIG_VALUE_1": "true",
            "GIT_CONFIG_KEY_2": "gpg.format", "GIT_CONFIG_VALUE_2": "ssh",
        ])
        let config = try GitConfig.load(for: try repo.open(), environment: environment)
        #expect(try config.string("user.email") == "env@example.com")
        #expect(try config.string("user.email") == gitValue("user.email", repo, environment))
        #expect(try config.bool("commit.gpgsign") == true)
        #expect(try config.string("gpg.format") == "ssh")
        // GIT_CONFIG_COUNT bounds what is read.
        var fewer = environment
        fewer["GIT_CONFIG_COUNT"] = "1"
        let config2 = try GitConfig.load(for: try repo.open(), environment: fewer)
        #expect(try config2.bool("commit.gpgsign") == false)
        #expect(try config2.string("gpg.format") == nil)
    }

    @Test("bool reads git's spellings of booleans and nil when unset")
    func booleans() throws {
        let repo = try GitTestRepository()
        for (value, expected) in [("true", true), ("yes", true), ("on", true), ("1", true),
                                  ("false", false), ("no", false), ("off", false), ("0", false)] {
            _ = try repo.gitText(["config", "--local", "handoff.flag", value])
            #expect(try GitConfig.load(for: try repo.open(), environment: environment(repo)).bool("handoff.flag") == expected, "\(value)")
            let override = environment(repo, ["GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "handoff.other", "GIT_CONFIG_VALUE_0": value])
            #expect(try GitConfig.load(for: try repo.open(), environment: override).bool("handoff.other") == expected, "env \(value)")
        }
        #expect(try GitConfig.load(for: try repo.open(), environment: environment(repo)).bool("handoff.unset") == nil)
    }

    @Test("an empty GIT_CONFIG_VALUE_n is false and a non-zero number true, as git reads booleans")
    func overrideBooleanEdges() throws {
        let repo = try GitTestRepository()
        for (value, expected) in [("", false), ("2", true), ("0", false), ("TRUE", true)] {
            let environment = environment(repo, ["GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "commit.gpgsign", "GIT_CONFIG_VALUE_0": value])
            let git = try TestKeys.run("git", ["-C", repo.path, "config", "--bool", "commit.gpgsign"], environment: environment)
            #expect(git.stdoutText == "\(expected)\n", "git reads '\(value)' as \(git.stdoutText)")
            #expect(try GitConfig.load(for: try repo.open(), environment: environment).bool("commit.gpgsign") == expected, "'\(value)'")
        }
        let bad = environment(repo, ["GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "commit.gpgsign", "GIT_CONFIG_VALUE_0": "maybe"])
        #expect(throws: GitError.self) { try GitConfig.load(for: try repo.open(), environment: bad).bool("commit.gpgsign") }
    }

    @Test("a GIT_CONFIG_KEY_n without its GIT_CONFIG_VALUE_n is an error, as in git")
    func overrideMissingValue() throws {
        let repo = try GitTestRepository()
        let environment = environment(repo, ["GIT_CONFIG_COUNT": "1", "GIT_CONFIG_KEY_0": "user.email"])
        #expect(try TestKeys.run("git", ["-C", repo.path, "config", "user.email"], environment: environment).status != 0)
        #expect(throws: GitError.self) { try GitConfig.load(for: try repo.open(), environment: environment) }
    }

    @Test("override keys ignore the case of section and name but not of the subsection")
    func overrideKeyCase() throws {
        let repo = try GitTestRepository()
        let environment = environment(repo, [
            "GIT_CONFIG_COUNT": "2",
            "GIT_CONFIG_KEY_0": "Branch.Main.Remote", "GIT_CONFIG_VALUE_0": "upstream",
            "GIT_CONFIG_KEY_1": "USER.Email", "GIT_CONFIG_VALUE_1": "env@example.com",
        ])
        let config = try GitConfig.load(for: try repo.open(), environment: environment)
        #expect(try config.string("branch.Main.remote") == "upstream")
        #expect(try config.string("branch.main.remote") == gitValue("branch.main.remote", repo, environment))
        #expect(try config.string("user.email") == "env@example.com")
    }

    @Test("a linked worktree reads the repository's config from the common git directory")
    func worktreeReadsCommonConfig() throws {
        let repo = try GitTestRepository()
        try repo.commitWithGit("first")
        _ = try repo.gitText(["config", "--local", "user.email", "local@example.com"])
        let worktree = repo.root.appendingPathComponent("worktree").path
        _ = try repo.gitText(["worktree", "add", "-q", worktree])
        let opened = try Repository.open(at: worktree)
        let environment = environment(repo)
        let config = try GitConfig.load(for: opened, environment: environment)
        let git = try TestKeys.run("git", ["-C", worktree, "config", "user.email"], environment: environment)
        #expect(git.stdoutText == "local@example.com\n")
        #expect(try config.string("user.email") == "local@example.com")
    }

    @Test("setLocal writes .git/config where git reads it")
    func setLocal() throws {
        let repo = try GitTestRepository()
        try GitConfig.setLocal("gpg.ssh.allowedSignersFile", "/tmp/signers", in: try repo.open())
        #expect(try repo.gitText(["config", "--local", "gpg.ssh.allowedSignersFile"]) == "/tmp/signers\n")
    }

    @Test("a malformed config file is an error, not silently ignored")
    func malformed() throws {
        let repo = try GitTestRepository()
        let global = repo.root.appendingPathComponent("broken.config").path
        try Data("[user\n\temail = x\n".utf8).write(to: URL(fileURLWithPath: global))
        #expect(throws: GitError.self) {
            try GitConfig.load(for: try repo.open(), environment: environment(repo, ["GIT_CONFIG_GLOBAL": global]))
        }
    }
}
