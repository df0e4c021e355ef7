import Foundation

/// The templates of the top-level `templates/` folder, embedded in the binary at build time so
/// an installed `handoff` needs no files beside it.
public enum Templates {
    /// The task file template (`templates/task.md`).
    public static var task: String { String(decoding: PackageResources.task_md, as: UTF8.self) }
    /// The default brief an offer starts from (`templates/brief.md`).
    public static var brief: String { String(decoding: PackageResources.brief_md, as: UTF8.self) }
    /// The workflow written by `init` (`templates/config.yml`).
    public static var config: String { String(decoding: PackageResources.config_yml, as: UTF8.self) }

    /// Every embedded template by its file name, for `init` to copy into `.handoff/templates/`.
    public static var all: [(name: String, contents: [UInt8])] {
        [("task.md", PackageResources.task_md), ("brief.md", PackageResources.brief_md),
         ("config.yml", PackageResources.config_yml)]
    }

    /// `template` with each `{{key}}` replaced by its value.
    public static func fill(_ template: String, _ values: [String: String]) -> String {
        var result = template
        for (key, value) in values {
            result = result.replacingOccurrences(of: "{{\(key)}}", with: value)
        }
        return result
    }
}
