import Foundation
import HandoffCore
import ProgramRunner

/// Text a person gives a command: inline, from a file (`-` for standard input), or written in
/// their editor the way `git commit` opens one.
enum TextInput {
    /// The text of `inline`, else of `file`; nil when neither is given.
    /// - Throws: `HandoffError.usage` when the file cannot be read.
    static func read(inline: String?, file: String?) throws -> String? {
        if let inline { return inline }
        guard let file else { return nil }
        if file == "-" {
            return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
        let directory = CLIEnvironment.current.context.directory
        let path = file.hasPrefix("/") ? file : directory + "/" + file
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw HandoffError.usage("cannot read \(file) as UTF-8 text")
        }
        return text
    }

    /// True when `edit` has an editor to open: one is configured, or standard input is a
    /// terminal (for vi).
    static var hasEditor: Bool {
        let context = CLIEnvironment.current.context
        let environment = context.environment
        let configured = (try? Workspace(context: context)).flatMap { try? $0.config.string("core.editor") }
        return environment["GIT_EDITOR"] ?? configured ?? environment["VISUAL"] ?? environment["EDITOR"] != nil || isatty(0) == 1
    }

    /// `text` without its comment lines (`#` alone, or `# ` and more), as `git commit` drops them.
    static func withoutComments(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).filter { !($0 == "#" || $0.hasPrefix("# ")) }.joined(separator: "\n")
    }

    /// Opens the user's editor on `template` (GIT_EDITOR, core.editor, VISUAL,
    /// EDITOR, then vi, as git chooses) and returns what they saved.
    /// - Throws: `HandoffError.usage` when no editor is available, `.environment` when it fails.
    static func edit(_ template: String, fileName: String) throws -> String {
        let context = CLIEnvironment.current.context
        let environment = context.environment
        let configured = (try? Workspace(context: context)).flatMap { try? $0.config.string("core.editor") }
        let chosen = environment["GIT_EDITOR"] ?? configured ?? environment["VISUAL"] ?? environment["EDITOR"]
        guard let editor = chosen ?? (isatty(0) == 1 ? "vi" : nil) else {
            throw HandoffError.usage("no brief given and no editor to write one; pass --brief-file FILE or -m TEXT, or set EDITOR")
        }
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("handoff-\(UUID().uuidString)-\(fileName)")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(template.utf8).write(to: url)
        let status = try ProgramRunner.runAttached(
            "/bin/sh", ["-c", editor + " \"$@\"", editor, url.path], environment: environment, directory: context.directory)
        guard status == 0 else {
            throw HandoffError.environment("the editor (\(editor)) exited with status \(status); nothing was changed")
        }
        return String(decoding: try Data(contentsOf: url), as: UTF8.self)
    }
}
