import Yams

/// Short, one-line descriptions of YAML parser errors for messages that name a file.
enum YAMLErrorText {
    /// The first line of what went wrong, with duplicate keys spelled out.
    static func describe(_ error: any Error) -> String {
        if let yamlError = error as? YamlError,
            case .duplicatedKeysInMapping(let duplicates, _) = yamlError
        {
            return "duplicate key '\(duplicates.joined(separator: "', '"))'"
        }
        let text = String(describing: error)
        return text.split(whereSeparator: \.isNewline).first.map(String.init) ?? text
    }
}
