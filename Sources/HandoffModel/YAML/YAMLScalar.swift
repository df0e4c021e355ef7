import Foundation
import Yams

/// Renders and locates single-line YAML scalars so a field can be rewritten in place.
package enum YAMLScalar {
    /// How a scalar was written in the file.
    package enum Style: Equatable { case plain, singleQuoted, doubleQuoted }

    /// Renders `value` in `style` when that is safe, else in double quotes. `inFlow` is for a value
    /// inside `[…]` or `{…}`, where `,`, `[`, `]`, `{` and `}` would end it.
    package static func render(_ value: String, preferring style: Style, inFlow: Bool = false) -> String {
        switch style {
        case .plain where isSafePlain(value, inFlow: inFlow): value
        case .singleQuoted where !value.unicodeScalars.contains(where: needsEscape): "'" + value.replacingOccurrences(of: "'", with: "''") + "'"
        default: doubleQuoted(value)
        }
    }

    /// `value` in double quotes with YAML escapes.
    static func doubleQuoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{85}": out += "\\N"
            case "\u{2028}": out += "\\L"
            case "\u{2029}": out += "\\P"
            case _ where needsEscape(scalar):
                out += scalar.value <= 0xFF
                    ? "\\x" + String(scalar.value, radix: 16).leftPadded(to: 2)
                    : "\\u" + String(scalar.value, radix: 16).leftPadded(to: 4)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }

    /// True when `value` reads back as the same string when written without quotes (inside a
    /// flow collection when `inFlow`). Dates and times stay plain: they read back as written.
    static func isSafePlain(_ value: String, inFlow: Bool = false) -> Bool {
        isPlainWord(value) ?? isSafePlainByCharacters(value, inFlow: inFlow)
    }

    /// `isSafePlain` read character by character, for any text.
    static func isSafePlainByCharacters(_ value: String, inFlow: Bool) -> Bool {
        guard let first = value.unicodeScalars.first, let last = value.unicodeScalars.last else { return false }
        if " \t".unicodeScalars.contains(last) { return false }
        if "-?:,[]{}#&*!|>'\"%@`~ \t".unicodeScalars.contains(first) { return false }
        if value.contains(": ") || value.contains(" #") || value.hasSuffix(":") { return false }
        if inFlow, value.unicodeScalars.contains(where: { ",[]{}".unicodeScalars.contains($0) }) { return false }
        if value.unicodeScalars.contains(where: needsEscape) { return false }
        let lowered = value.lowercased()
        if reservedWords.contains(lowered) { return false }
        if Double(value) != nil || Int(value) != nil { return false }
        // Of the resolver's patterns, only the words refused above start with a letter; emails,
        // stages and states need no regular expressions.
        if first.isASCII, first.properties.isAlphabetic { return true }
        // The times handoff writes (an offer's `at`), which the resolver tags as timestamps.
        if isUTCTimestamp(value) { return true }
        let tag = Resolver.default.resolveTag(of: Node(value))
        return tag == .str || tag == .timestamp
    }

    /// `isSafePlain` for the values handoff writes most (emails, stages, states, IDs), read as
    /// bytes: ASCII letters, digits and `@._+-/`, starting with a letter. nil for anything else,
    /// which the full check decides. Such a value has none of the characters the full check
    /// looks for, so only the words YAML reads as booleans or null, and `nan` and `inf` (which
    /// read as numbers), are not plain.
    static func isPlainWord(_ value: String) -> Bool? {
        let word = value.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.first.map(isASCIILetter) == true && bytes.allSatisfy(isWordByte)
        }
        guard word == true else { return nil }
        return value.utf8.count > 8 || !(reservedWords.contains(value.lowercased()) || Double(value) != nil)
    }

    /// The words YAML 1.1 reads as booleans or null.
    private static let reservedWords: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "y", "n"]

    private static func isASCIILetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "@"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "+"), UInt8(ascii: "-"),
            UInt8(ascii: "/"):
            true
        default: isASCIILetter(byte)
        }
    }

    /// True for `YYYY-MM-DDTHH:MM:SSZ`, the form of every time handoff writes.
    static func isUTCTimestamp(_ value: String) -> Bool {
        let pattern = Array("dddd-dd-ddTdd:dd:ddZ".utf8)
        let bytes = value.utf8
        guard bytes.count == pattern.count else { return false }
        return zip(bytes, pattern).allSatisfy { byte, expected in
            expected == UInt8(ascii: "d") ? (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) : byte == expected
        }
    }

    /// True for characters YAML cannot carry as they are: control characters, line breaks
    /// (including NEL and the Unicode line and paragraph separators) and non-characters.
    static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF: true
        default: false
        }
    }

    /// The range of the value on a `key: value  # comment` line (after the colon), and its style;
    /// nil when the line holds no single-line scalar (an empty value or a block follows).
    static func valueRange(in line: Substring) -> (Range<String.Index>, Style)? {
        guard let colon = keyColon(in: line) else { return nil }
        var start = line.index(after: colon)
        while start < line.endIndex, line[start] == " " || line[start] == "\t" { start = line.index(after: start) }
        guard start < line.endIndex, line[start] != "#" else { return nil }
        switch line[start] {
        case "\"", "'":
            let quote = line[start]
            var cursor = line.index(after: start)
            while cursor < line.endIndex {
                if quote == "\"", line[cursor] == "\\" {
                    cursor = line.index(after: cursor)
                    if cursor < line.endIndex { cursor = line.index(after: cursor) }
                    continue
                }
                if line[cursor] == quote {
                    let next = line.index(after: cursor)
                    if quote == "'", next < line.endIndex, line[next] == "'" {
                        cursor = line.index(after: next)
                        continue
                    }
                    return (start..<next, quote == "\"" ? .doubleQuoted : .singleQuoted)
                }
                cursor = line.index(after: cursor)
            }
            return nil
        case "|", ">", "&", "*", "!":
            return nil
        default:
            var end = line.endIndex
            var cursor = start
            while cursor < line.endIndex {
                if line[cursor] == "#", cursor > start {
                    let before = line[line.index(before: cursor)]
                    if before == " " || before == "\t" { end = cursor; break }
                }
                cursor = line.index(after: cursor)
            }
            while end > start, line[line.index(before: end)] == " " || line[line.index(before: end)] == "\t" {
                end = line.index(before: end)
            }
            return (start..<end, .plain)
        }
    }

    /// The key a top-level (unindented) `key:` line defines, or nil for other lines.
    package static func topLevelKey(of line: Substring) -> String? {
        var line = line
        switch line.withUTF8(asciiTopLevelKey) {
        case .read(let key): return key
        case .notASCII: return characterTopLevelKey(of: line)
        }
    }

    /// What the bytes of a line say about its key: on ASCII without a line break, characters
    /// are bytes, so this reads as `characterTopLevelKey` does, a tenth of the work for the
    /// lines of every task file verify replays.
    enum KeyReading: Equatable {
        case read(String?)
        case notASCII
    }

    static func asciiTopLevelKey(_ bytes: UnsafeBufferPointer<UInt8>) -> KeyReading {
        guard bytes.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "\n") }) else { return .notASCII }
        func isBlank(_ byte: UInt8) -> Bool { byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
        guard let first = bytes.first, !isBlank(first), first != UInt8(ascii: "#"), first != UInt8(ascii: "-") else { return .read(nil) }
        let quoted = first == UInt8(ascii: "\"") || first == UInt8(ascii: "'")
        var cursor = 0
        if quoted {
            cursor = 1
            while cursor < bytes.count, bytes[cursor] != first { cursor += 1 }
            guard cursor < bytes.count else { return .read(nil) }
            cursor += 1
        }
        while cursor < bytes.count {
            if bytes[cursor] == UInt8(ascii: ":"), cursor + 1 == bytes.count || isBlank(bytes[cursor + 1]) { break }
            if bytes[cursor] == UInt8(ascii: "#"), cursor == 0 || isBlank(bytes[cursor - 1]) { return .read(nil) }
            cursor += 1
        }
        guard cursor < bytes.count else { return .read(nil) }
        var end = cursor
        while end > 0, isBlank(bytes[end - 1]) { end -= 1 }
        var start = 0
        if quoted, end >= 2, bytes[end - 1] == first {
            start = 1
            end -= 1
        }
        return .read(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
    }

    /// `topLevelKey` read as characters.
    static func characterTopLevelKey(of line: Substring) -> String? {
        guard let first = line.unicodeScalars.first, first != " ", first != "\t", first != "#", first != "-" else { return nil }
        guard let colon = keyColon(in: line) else { return nil }
        let raw = line[line.startIndex..<colon].trimmingTrailingSpaces()
        if raw.count >= 2, let quote = raw.first, quote == "\"" || quote == "'", raw.last == quote {
            return String(raw.dropFirst().dropLast())
        }
        return String(raw)
    }

    /// The index of the colon that ends a mapping key on `line`.
    private static func keyColon(in line: Substring) -> String.Index? {
        var cursor = line.startIndex
        if let first = line.first, first == "\"" || first == "'" {
            cursor = line.index(after: cursor)
            while cursor < line.endIndex, line[cursor] != first { cursor = line.index(after: cursor) }
            guard cursor < line.endIndex else { return nil }
            cursor = line.index(after: cursor)
        }
        while cursor < line.endIndex {
            if line[cursor] == ":" {
                let next = line.index(after: cursor)
                if next == line.endIndex || line[next] == " " || line[next] == "\t" { return cursor }
            }
            if line[cursor] == "#", cursor == line.startIndex || [" ", "\t"].contains(line[line.index(before: cursor)]) {
                return nil
            }
            cursor = line.index(after: cursor)
        }
        return nil
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}

extension Substring {
    func trimmingTrailingSpaces() -> Substring {
        var end = endIndex
        while end > startIndex, self[index(before: end)] == " " || self[index(before: end)] == "\t" {
            end = index(before: end)
        }
        return self[startIndex..<end]
    }
}
