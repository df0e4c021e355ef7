import ByteRanges
import Foundation

/// A YAML mapping kept as its lines, edited one line at a time so that everything a change does
/// not touch (comments, key order, quoting, line endings) stays byte for byte.
public struct YAMLLines: Sendable, Equatable {
    /// One line and the terminator it had ("\n", "\r\n", or "" for a last line without one).
    package struct Line: Sendable, Equatable {
        package var text: String
        package var terminator: String
    }

    var lines: [Line]
    /// The line ending new lines get.
    let lineEnding: String

    init(lines: [Line], lineEnding: String) {
        self.lines = lines
        self.lineEnding = lineEnding
    }

    /// The lines of `text`, each with its own terminator.
    init(text: String) {
        let lines = Self.split(text)
        self.init(lines: lines, lineEnding: lines.first?.terminator == "\r\n" ? "\r\n" : "\n")
    }

    /// The text, exactly as read where nothing was edited.
    var text: String { lines.map { $0.text + $0.terminator }.joined() }

    /// The lines joined with "\n", for the YAML parser.
    var yaml: String { lines.map(\.text).joined(separator: "\n") }

    /// Sets a top-level key to a single-line string: rewrites only the value on its line (quote
    /// style and trailing comment kept), or adds `key: value` after the last top-level entry.
    mutating func setField(_ key: String, to value: String) {
        let rendered = YAMLScalar.render(key, preferring: .plain) + ": " + YAMLScalar.render(value, preferring: .plain)
        guard let index = topLevelLineIndex(of: key) else {
            insert([rendered], at: endOfContent)
            return
        }
        let blockEnd = endOfBlock(startingAt: index)
        var line = lines[index]
        let text = Substring(line.text)
        if blockEnd == index + 1, let (range, style) = YAMLScalar.valueRange(in: text) {
            line.text = String(text[..<range.lowerBound]) + YAMLScalar.render(value, preferring: style)
                + String(text[range.upperBound...])
        } else {
            line.text = rendered
        }
        lines.replaceSubrange(index..<blockEnd, with: [line])
    }

    /// Sets a top-level key to YAML written out already (a flow list, say), replacing its block.
    mutating func setRawField(_ key: String, to rawValue: String) {
        let rendered = YAMLScalar.render(key, preferring: .plain) + ": " + rawValue
        guard let index = topLevelLineIndex(of: key) else {
            insert([rendered], at: endOfContent)
            return
        }
        var line = lines[index]
        line.text = rendered
        lines.replaceSubrange(index..<endOfBlock(startingAt: index), with: [line])
    }

    /// Sets a top-level key to a block mapping of single-line strings (e.g. a pending `offer`).
    mutating func setMapping(_ key: String, to pairs: [(String, String)]) {
        let rendered = [YAMLScalar.render(key, preferring: .plain) + ":"]
            + pairs.map { "  " + $0.0 + ": " + YAMLScalar.render($0.1, preferring: .plain) }
        guard let index = topLevelLineIndex(of: key) else {
            insert(rendered, at: endOfContent)
            return
        }
        let end = endOfBlock(startingAt: index)
        let terminator = lines[index].terminator.isEmpty ? lineEnding : lines[index].terminator
        let endsText = end == lines.count && lines[end - 1].terminator.isEmpty
        var replacement = rendered.map { Line(text: $0, terminator: terminator) }
        if endsText { replacement[replacement.count - 1].terminator = "" }
        lines.replaceSubrange(index..<end, with: replacement)
    }

    /// Removes a top-level key with its indented block; nothing happens when it is absent.
    mutating func removeField(_ key: String) {
        guard let index = topLevelLineIndex(of: key) else { return }
        lines.removeSubrange(index..<endOfBlock(startingAt: index))
    }

    /// Appends `line` (already indented) as the last entry of the top-level block `key`.
    mutating func appendToBlock(_ key: String, line: String) {
        guard let index = topLevelLineIndex(of: key) else {
            insert([key + ":", line], at: endOfContent)
            return
        }
        if lines[index].text.hasSuffix("{}") || lines[index].text.hasSuffix("[]") {
            lines[index].text = YAMLScalar.render(key, preferring: .plain) + ":"
        }
        insert([line], at: endOfBlock(startingAt: index))
    }

    /// Removes the entry of block `key` whose own key is `entryKey`, with its deeper lines.
    /// - Returns: false when there is no such entry.
    mutating func removeFromBlock(_ key: String, entryKey: String) -> Bool {
        guard let range = entryRange(inBlock: key, entryKey: entryKey) else { return false }
        lines.removeSubrange(range)
        return true
    }

    /// Replaces the entry of block `key` whose own key is `entryKey` (with its deeper lines) by
    /// `line` (re-indented as the entry was), at the same place; every other line stays byte for byte.
    /// - Returns: false when there is no such entry.
    mutating func replaceInBlock(_ key: String, entryKey: String, line: String) -> Bool {
        guard let range = entryRange(inBlock: key, entryKey: entryKey) else { return false }
        let terminator = lines[range.upperBound - 1].terminator
        // The entry keeps its own indent, which its siblings share.
        let indent = lines[range.lowerBound].text.prefix { $0 == " " }
        lines.replaceSubrange(range, with: [Line(text: String(indent) + String(line.drop { $0 == " " }), terminator: terminator)])
        return true
    }

    /// The lines of the entry of block `key` whose own key is `entryKey`, with its deeper lines.
    private func entryRange(inBlock key: String, entryKey: String) -> Range<Int>? {
        guard let index = topLevelLineIndex(of: key) else { return nil }
        let end = endOfBlock(startingAt: index)
        for position in (index + 1)..<max(index + 1, end) {
            let text = Substring(lines[position].text)
            let indent = text.prefix { $0 == " " }.count
            guard indent > 0, YAMLScalar.topLevelKey(of: text.dropFirst(indent)) == entryKey else { continue }
            var stop = position + 1
            var cursor = stop
            while cursor < end {
                let text = lines[cursor].text
                if !Self.isBlank(text), text.prefix(while: { $0 == " " }).count > indent {
                    cursor += 1
                    stop = cursor
                } else if Self.isBlank(text) || Self.isComment(text) {
                    cursor += 1
                } else {
                    break
                }
            }
            return position..<stop
        }
        return nil
    }

    func topLevelLineIndex(of key: String) -> Int? {
        // An ASCII key can only be read from a line that starts with its first byte, a quote, or
        // a non-ASCII character; other lines are skipped without reading their key.
        let first = key.utf8.first
        let asciiKey = first != nil && key.utf8.allSatisfy { $0 < 0x80 }
        return lines.firstIndex { line in
            if asciiKey, let lead = line.text.utf8.first, lead < 0x80, lead != first,
               lead != UInt8(ascii: "\""), lead != UInt8(ascii: "'") { return false }
            return YAMLScalar.topLevelKey(of: Substring(line.text)) == key
        }
    }

    /// The index after a key line and the indented (or `- `) lines that belong to it. Blank lines
    /// and comments at the start of a line belong to the block only when more of it follows them.
    private func endOfBlock(startingAt index: Int) -> Int {
        var cursor = index + 1
        var end = index + 1
        while cursor < lines.count {
            // Scalars, not Characters: a space or '#' followed by a combining mark is one
            // Character, but YAML still reads an indent or a comment.
            let text = lines[cursor].text.unicodeScalars
            let first = text.first
            if Self.isBlank(lines[cursor].text) || first == "#" {
                cursor += 1
                continue
            }
            let second = text.dropFirst().first
            guard first == " " || first == "\t" || (first == "-" && (second == nil || second == " ")) else { break }
            cursor += 1
            end = cursor
        }
        return end
    }

    /// After the last line that is not blank. A line with a tab counts as content: YAML may read
    /// it as part of the value above, and a new field inserted before it would change that.
    private var endOfContent: Int {
        var position = lines.count
        while position > 0, lines[position - 1].text.unicodeScalars.allSatisfy({ $0 == " " }) { position -= 1 }
        return position
    }

    private mutating func insert(_ texts: [String], at position: Int) {
        let last = position > 0 && position == lines.count && lines[position - 1].terminator.isEmpty
        if position > 0, lines[position - 1].terminator.isEmpty { lines[position - 1].terminator = lineEnding }
        var added = texts.map { Line(text: $0, terminator: lineEnding) }
        if last, !added.isEmpty { added[added.count - 1].terminator = "" }
        lines.insert(contentsOf: added, at: position)
    }

    /// True for a line with nothing but spaces and tabs.
    private static func isBlank(_ text: String) -> Bool {
        text.allSatisfy { $0 == " " || $0 == "\t" }
    }

    /// True for a line with only a comment.
    private static func isComment(_ text: String) -> Bool {
        text.unicodeScalars.drop { $0 == " " || $0 == "\t" }.first == "#"
    }

    /// The 1-based number of the first line with a YAML anchor (`&name`) or alias (`*name`), or
    /// nil. Aliases let a few lines expand into billions of nodes (an "alias bomb"), so files
    /// that have no use for them refuse them before the parser sees them. An `&` or `*` counts
    /// only where a node starts; in quoted, plain or block text and in comments it is text.
    static func firstAnchorOrAlias(in lines: [Line]) -> Int? {
        // Most files have no '&' or '*' at all, and then no line can hold an anchor or alias.
        guard lines.contains(where: { $0.text.utf8.contains { $0 == UInt8(ascii: "&") || $0 == UInt8(ascii: "*") } }) else { return nil }
        var quote: Character?           // in a quoted scalar, possibly spanning lines
        var flowDepth = 0               // in `[…]` or `{…}`, possibly spanning lines
        var blockScalarIndent: Int?     // in the text of a `|` or `>` scalar whose header line had this indent
        var plainIndent: Int?           // after a block plain scalar that began on a line with this indent
        var atNodeStart = true
        for (number, line) in lines.enumerated() {
            let chars = Array(line.text)
            let indent = chars.prefix { $0 == " " }.count
            let blank = chars.allSatisfy { $0 == " " || $0 == "\t" }
            if let header = blockScalarIndent {
                if blank || indent > header { continue }
                blockScalarIndent = nil
            }
            if quote == nil, flowDepth == 0, !blank {
                if let parent = plainIndent, indent > parent {
                    atNodeStart = false
                } else {
                    atNodeStart = true
                    plainIndent = nil
                }
            }
            var index = 0
            while index < chars.count {
                let char = chars[index]
                let next: Character? = index + 1 < chars.count ? chars[index + 1] : nil
                let spaceBefore = index == 0 || chars[index - 1] == " " || chars[index - 1] == "\t"
                let spaceAfter = next == nil || next == " " || next == "\t"
                index += 1
                if let open = quote {
                    if open == "\"", char == "\\" {
                        index += 1
                    } else if char == open, open == "'", next == "'" {
                        index += 1
                    } else if char == open {
                        quote = nil
                    }
                    continue
                }
                if char == " " || char == "\t" { continue }
                if char == "#", spaceBefore { break }
                if atNodeStart {
                    if char == "&" || char == "*" {
                        return number + 1
                    } else if char == "\"" || char == "'" {
                        quote = char
                        atNodeStart = false
                    } else if (char == "-" || char == "?" || char == ":") && spaceAfter || char == "," {
                        continue
                    } else if char == "[" || char == "{" {
                        flowDepth += 1
                    } else if char == "]" || char == "}" {
                        flowDepth = max(0, flowDepth - 1)
                        atNodeStart = false
                    } else if char == "!" {
                        while index < chars.count, chars[index] != " ", chars[index] != "\t" { index += 1 }
                    } else if (char == "|" || char == ">") && flowDepth == 0 {
                        blockScalarIndent = indent
                        break
                    } else {
                        atNodeStart = false
                        if flowDepth == 0 { plainIndent = indent }
                    }
                } else if flowDepth > 0 {
                    if char == ":" || char == "," || char == "[" || char == "{" {
                        if char == "[" || char == "{" { flowDepth += 1 }
                        atNodeStart = true
                    } else if char == "]" || char == "}" {
                        flowDepth -= 1
                    }
                } else if char == ":", spaceAfter {
                    atNodeStart = true
                    plainIndent = nil
                }
            }
        }
        return nil
    }

    /// True when some line of `text`, as `split` reads it, is `line`. An ASCII `line` is looked for
    /// in the bytes, with no string per line; only lines with other characters are compared as text.
    static func contains(line: String, in text: String) -> Bool {
        let wanted = Array(line.utf8)
        guard !wanted.isEmpty, wanted.allSatisfy({ $0 < 0x80 }) else { return split(text).contains { $0.text == line } }
        var bytes = text.utf8[...]
        while !bytes.isEmpty {
            let end = bytes.firstIndex(of: UInt8(ascii: "\n")) ?? bytes.endIndex
            var candidate = bytes[..<end]
            bytes = end == bytes.endIndex ? bytes[end...] : bytes[bytes.index(after: end)...]
            if end != text.utf8.endIndex, candidate.last == UInt8(ascii: "\r") { candidate = candidate.dropLast() }
            if candidate.allSatisfy({ $0 < 0x80 }) {
                if candidate.elementsEqual(wanted) { return true }
            } else if String(decoding: candidate, as: UTF8.self) == line {
                return true
            }
        }
        return false
    }

    /// Reads UTF-8 line by line, each line with its terminator, as `split` splits it (by bytes,
    /// never by characters: `\r\n` is one character to Swift), and gives what is left unread as
    /// it is: a task file's body is taken whole instead of being split and joined again.
    struct Reader {
        private let bytes: [UInt8]
        private var offset: Int

        /// A reader of `text`.
        init(_ text: String) {
            self.init(bytes: Array(text.utf8))
        }

        /// A reader of `bytes` from `start`; the bytes must be valid UTF-8 from there (lines are
        /// cut at newline bytes, which never occur inside a longer UTF-8 sequence).
        init(bytes: [UInt8], from start: Int = 0) {
            self.bytes = bytes
            offset = start
        }

        /// The next line; nil at the end of the text.
        mutating func next() -> Line? {
            guard offset < bytes.count else { return nil }
            let start = offset
            return bytes.withUnsafeBufferPointer { buffer in
                guard let newline = buffer.firstIndex(of: UInt8(ascii: "\n"), from: start) else {
                    offset = buffer.count
                    return Line(text: String(decoding: UnsafeBufferPointer(rebasing: buffer[start...]), as: UTF8.self), terminator: "")
                }
                var end = newline
                var terminator = "\n"
                if end > start, buffer[end - 1] == UInt8(ascii: "\r") {
                    end -= 1
                    terminator = "\r\n"
                }
                offset = newline + 1
                return Line(text: String(decoding: UnsafeBufferPointer(rebasing: buffer[start..<end]), as: UTF8.self), terminator: terminator)
            }
        }

        /// The text after the lines read so far, byte for byte.
        var rest: String { String(decoding: bytes[offset...], as: UTF8.self) }
    }

    package static func split(_ text: String) -> [Line] {
        var reader = Reader(text)
        var lines = [Line]()
        while let line = reader.next() { lines.append(line) }
        return lines
    }
}
