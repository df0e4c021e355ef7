import Foundation
import GitKit

/// An object GitKit read one way and git another: the bytes, and what each side read.
public struct Disagreement: Sendable, CustomStringConvertible {
    /// Which check disagreed: `commit`, `trailers`, `log-trailers` or `tree`.
    public let check: String
    /// The object's id as git wrote it.
    public let id: ObjectID
    /// The object's bytes (for `trailers`, the message's).
    public let bytes: [UInt8]
    /// What GitKit read.
    public let ours: String
    /// What git read.
    public let git: String

    /// The message ids of the `git fsck --strict` errors behind the disagreement (empty when
    /// the two read different values).
    public var fsckMessageIDs: [String] {
        guard git.hasPrefix(Self.fsckPrefix) else { return [] }
        let ids = git.dropFirst(Self.fsckPrefix.count).split(separator: "|").compactMap { line -> String? in
            let words = line.split(separator: ":")
            return words.count > 1 ? words[1].trimmingCharacters(in: .whitespaces) : nil
        }
        return Set(ids).sorted()
    }

    /// The kind of disagreement, for a tally: the check and the `git fsck` message ids, or
    /// that the two read different values.
    public var kind: String {
        let ids = fsckMessageIDs
        return ids.isEmpty ? "\(check): read differently" : "\(check): git fsck --strict \(ids.joined(separator: ", "))"
    }

    /// How `git` starts for a disagreement found by `git fsck --strict`.
    static let fsckPrefix = "git fsck --strict: "

    /// The check, both readings, and the bytes as hex and as an escaped string.
    public var description: String {
        """
        disagreement (\(check)) on \(id.hex), \(bytes.count) bytes
          GitKit read: \(ours)
          git read:    \(git)
          hex:     \(bytes.map { String(format: "%02x", $0) }.joined())
          escaped: \(Self.escaped(bytes))
        """
    }

    /// `bytes` with everything but printable ASCII escaped, as a Swift or C string would be.
    public static func escaped(_ bytes: [UInt8]) -> String {
        var text = "\""
        for byte in bytes {
            switch byte {
            case 0x0A: text += "\\n"
            case 0x09: text += "\\t"
            case 0x0D: text += "\\r"
            case 0x22: text += "\\\""
            case 0x5C: text += "\\\\"
            case 0x20..<0x7F: text.unicodeScalars.append(Unicode.Scalar(byte))
            default: text += String(format: "\\x%02x", byte)
            }
        }
        return text + "\""
    }

    /// Writes the bytes to `folder/<check>-<id>.bin` and returns that file.
    /// - Throws: when the file cannot be written.
    @discardableResult
    public func save(in folder: URL) throws -> URL {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let file = folder.appendingPathComponent("\(check)-\(id.hex).bin")
        try Data(bytes).write(to: file)
        return file
    }
}
