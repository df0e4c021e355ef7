import ByteRanges
import Glibc

/// Reads the summary row of a task straight from the bytes of its file, for the plain
/// frontmatter nearly every task file has: the lines `SimpleFrontmatter` accepts, scanned as
/// bytes, with no YAML node, no `String` per line and no `HandoffTask` in between. A cold
/// `list` of 100,000 tasks spent about 70 µs a task building those.
///
/// It answers nil for anything it does not read exactly as `HandoffTask.summary` does — other
/// YAML, a missing or empty required field, an offer that disagrees with the state — and the
/// caller then reads the file the long way, which also produces the error message.
package enum TaskSummaryScanner {
    /// The task of the file `bytes` as `HandoffTask(document:)` reads it; nil when the file
    /// needs the full reader. `knownUTF8`: the caller checked already that the bytes are UTF-8
    /// (`TaskDocument` does, for the whole file).
    static func task(of bytes: [UInt8], knownUTF8: Bool = false) -> HandoffTask? {
        bytes.withUnsafeBufferPointer { buffer in summary(of: buffer, knownUTF8: knownUTF8)?.task(in: buffer) }
    }

    /// The scanned summary of the file `bytes`; nil when the file needs the full reader.
    package static func summary(of bytes: UnsafeBufferPointer<UInt8>, knownUTF8: Bool = false) -> ScannedSummary? {
        guard bytes.count <= TaskDocument.maximumSize, knownUTF8 || HandoffTask.isUTF8(UnsafeRawBufferPointer(bytes)) else { return nil }
        var scanner = Scanner(bytes: bytes)
        guard let pairs = scanner.frontmatter() else { return nil }
        return ScannedSummary(pairs, in: bytes)
    }
}

/// A task's summary as ranges of its file: every value as written, fields sorted by key.
package struct ScannedSummary {
    package typealias Text = Range<Int>
    package var id: Text, title: Text, stage: Text, owner: Text, state: Text
    /// The state `state` names, read once when checking it.
    var taskState: TaskState
    /// From, to, stage, at, respond_by and approved_by of the pending offer (the last two
    /// empty ranges when absent); empty without an offer.
    package var offer: [Text]
    package var labels: [Text]
    /// Every key with a single value, including the five above, sorted by key.
    package var fields: [(key: Text, value: Text)]

    /// The summary of a scanned frontmatter, checked as `HandoffTask(mapping:)` checks it.
    fileprivate init?(_ pairs: [ScannedPair], in bytes: UnsafeBufferPointer<UInt8>) {
        func value(_ key: StaticString) -> ScannedPair.Value? {
            pairs.first(where: { bytes[$0.key].equals(key) })?.value
        }
        func text(_ key: StaticString) -> Text? {
            guard case .scalar(let scalar) = value(key), scalar.isUsableText(in: bytes) else { return nil }
            return scalar.text
        }
        guard let id = text("id"), let title = text("title"), let stage = text("stage"), let owner = text("owner"),
            let state = text("state"), let known = TaskState(rawValue: String(decoding: bytes[state], as: UTF8.self))
        else { return nil }
        (self.id, self.title, self.stage, self.owner, self.state, taskState) = (id, title, stage, owner, state, known)
        offer = []
        if let block = value("offer") {
            guard case .mapping(let nested) = block else { return nil }
            for key: StaticString in ["from", "to", "stage", "at"] {
                guard let value = nested.first(where: { bytes[$0.key].equals(key) })?.value, value.isUsableText(in: bytes) else { return nil }
                offer.append(value.text)
            }
            for key: StaticString in ["respond_by", "approved_by"] {
                guard let value = nested.first(where: { bytes[$0.key].equals(key) })?.value else {
                    offer.append(0..<0)
                    continue
                }
                guard value.isUsableText(in: bytes) else { return nil }
                offer.append(value.text)
            }
        }
        guard (known == .offered) == !offer.isEmpty else { return nil }
        labels = []
        fields = []
        fields.reserveCapacity(pairs.count)
        for pair in pairs {
            switch pair.value {
            case .scalar(let scalar): fields.append((pair.key, scalar.text))
            case .list(let items) where bytes[pair.key].equals("labels"): labels = items.map(\.text)
            case .list, .mapping: break
            }
        }
        fields.sort { bytes[$0.key].precedes(bytes[$1.key]) }
    }

    /// The task `HandoffTask(mapping:)` makes of the same frontmatter: every single value
    /// among the fields, the five required ones included.
    func task(in bytes: UnsafeBufferPointer<UInt8>) -> HandoffTask {
        func string(_ text: Text) -> String { String(decoding: bytes[text], as: UTF8.self) }
        var values = [String: String](minimumCapacity: fields.count)
        for field in fields { values[string(field.key)] = string(field.value) }
        let offer = offer.count == 6
            ? Offer(
                from: string(offer[0]), to: string(offer[1]), stage: string(offer[2]), at: string(offer[3]),
                respondBy: offer[4].isEmpty ? nil : string(offer[4]), approvedBy: Offer.people(string(offer[5])))
            : nil
        return HandoffTask(
            id: string(id), title: string(title), stage: string(stage), owner: string(owner),
            state: taskState, offer: offer, fields: values, labels: labels.map(string))
    }
}

/// One `key: value` of the frontmatter.
private struct ScannedPair {
    package enum Value {
        case scalar(ScannedScalar)
        case list([ScannedScalar])
        case mapping([(key: Range<Int>, value: ScannedScalar)])
    }

    let key: Range<Int>
    let value: Value
}

/// Where a scalar's text (without quotes) lies, and whether it was plain, since only a plain
/// `null` is null.
private struct ScannedScalar {
    let text: Range<Int>
    let plain: Bool

    /// Non-empty and not YAML's null: what a required field needs.
    func isUsableText(in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !text.isEmpty else { return false }
        guard plain else { return true }
        let value = bytes[text]
        return !(value.equals("null") || value.equals("Null") || value.equals("NULL") || value.equals("~"))
    }
}

/// The byte-level reading of the frontmatter, line by line, with `SimpleFrontmatter`'s rules.
private struct Scanner {
    typealias Bytes = Slice<UnsafeBufferPointer<UInt8>>

    let bytes: UnsafeBufferPointer<UInt8>
    private var lines: [Bytes] = []

    init(bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    /// The pairs of the frontmatter, or nil when any line is beyond this scanner.
    mutating func frontmatter() -> [ScannedPair]? {
        guard let lines = frontmatterLines() else { return nil }
        var pairs = [ScannedPair]()
        pairs.reserveCapacity(16)
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            if line.isEmpty { continue }
            guard let (key, rest) = Self.keyAndRest(line), !pairs.contains(where: { bytes[$0.key].equals(key) }) else { return nil }
            let value: ScannedPair.Value
            if rest.isEmpty {
                var nested = [(key: Range<Int>, value: ScannedScalar)]()
                var indent: Int?
                while index < lines.count, lines[index].first == UInt8(ascii: " ") {
                    let line = lines[index]
                    let spaces = line.prefix { $0 == UInt8(ascii: " ") }.count
                    guard indent == nil || indent == spaces, let (nestedKey, nestedRest) = Self.keyAndRest(line.dropFirst(spaces)),
                        !nested.contains(where: { bytes[$0.key].equals(nestedKey) }), let scalar = Self.scalar(nestedRest, inFlow: false)
                    else { return nil }
                    indent = spaces
                    nested.append((nestedKey.startIndex..<nestedKey.endIndex, scalar))
                    index += 1
                }
                guard !nested.isEmpty else { return nil }
                value = .mapping(nested)
            } else if rest.first == UInt8(ascii: "[") {
                guard let items = Self.flowList(rest) else { return nil }
                value = .list(items)
            } else {
                guard let scalar = Self.scalar(rest, inFlow: false) else { return nil }
                value = .scalar(scalar)
            }
            pairs.append(ScannedPair(key: key.startIndex..<key.endIndex, value: value))
        }
        return pairs
    }

    /// The lines between `---` and the closing `---` or `...`; nil for anything but LF lines.
    private func frontmatterLines() -> [Bytes]? {
        let newline = UInt8(ascii: "\n")
        guard bytes.count >= 4, bytes[0] == UInt8(ascii: "-"), bytes[1] == UInt8(ascii: "-"), bytes[2] == UInt8(ascii: "-"),
            bytes[3] == newline
        else { return nil }
        var lines = [Bytes]()
        lines.reserveCapacity(16)
        var start = 4
        while start < bytes.count {
            guard let end = bytes.firstIndex(of: newline, from: start) else { return nil }
            let line = bytes[start..<end]
            if line.equals("---") || line.equals("...") { return lines }
            lines.append(line)
            start = end + 1
        }
        return nil
    }

    /// `key: rest` or `key:` (rest empty) with a key of letters, digits, `_` and `-`.
    private static func keyAndRest(_ line: Bytes) -> (Bytes, Bytes)? {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return nil }
        let key = line[..<colon]
        guard let first = key.first, first != UInt8(ascii: "-"), key.allSatisfy(isKeyByte) else { return nil }
        let after = line[(colon + 1)...]
        guard let space = after.first else { return (key, after) }
        guard space == UInt8(ascii: " ") else { return nil }
        let rest = after.dropFirst()
        guard let restFirst = rest.first, restFirst != UInt8(ascii: " ") else { return nil }
        return (key, rest)
    }

    /// A plain, single-quoted or double-quoted scalar with nothing to interpret.
    private static func scalar(_ text: Bytes, inFlow: Bool) -> ScannedScalar? {
        guard let first = text.first, let last = text.last else { return nil }
        if first == UInt8(ascii: "\"") || first == UInt8(ascii: "'") {
            guard text.count >= 2, last == first else { return nil }
            let inner = text.dropFirst().dropLast()
            guard inner.allSatisfy({ $0 != UInt8(ascii: "\\") && $0 != UInt8(ascii: "\"") && $0 != UInt8(ascii: "'") }),
                PrintableText.check(inner)
            else { return nil }
            return ScannedScalar(text: inner.startIndex..<inner.endIndex, plain: false)
        }
        guard isPlain(text, inFlow: inFlow) else { return nil }
        return ScannedScalar(text: text.startIndex..<text.endIndex, plain: true)
    }

    /// `[a, b, "c d"]`: plain or quoted items separated by `,` and at most one space.
    private static func flowList(_ text: Bytes) -> [ScannedScalar]? {
        guard text.last == UInt8(ascii: "]") else { return nil }
        let inner = text.dropFirst().dropLast()
        guard !inner.isEmpty else { return [] }
        var items = [ScannedScalar]()
        for item in inner.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false) {
            let trimmed = item.first == UInt8(ascii: " ") ? item.dropFirst() : item
            guard trimmed.first != UInt8(ascii: " "), trimmed.last != UInt8(ascii: " "), let scalar = scalar(trimmed, inFlow: true) else { return nil }
            items.append(scalar)
        }
        return items
    }

    /// A plain scalar YAML reads as exactly its text: a letter or digit first, no `: `, ` #`,
    /// trailing `:` or space, and in a flow list none of `,[]{}`.
    private static func isPlain(_ text: Bytes, inFlow: Bool) -> Bool {
        guard let first = text.first, text.last != UInt8(ascii: " "), text.last != UInt8(ascii: ":") else { return false }
        if first < 0x80 {
            guard isASCIILetterOrDigit(first) else { return false }
        } else {
            guard let scalar = PrintableText.firstScalar(text), scalar.properties.isAlphabetic else { return false }
        }
        var previous = UInt8(ascii: "x")
        var ascii = true
        for byte in text {
            if byte >= 0x80 {
                ascii = false
            } else {
                guard byte >= 0x20, byte != 0x7F else { return false }
                if byte == UInt8(ascii: "#") && previous == UInt8(ascii: " ") { return false }
                if previous == UInt8(ascii: ":") && byte == UInt8(ascii: " ") { return false }
                if inFlow && (byte == UInt8(ascii: ",") || byte == UInt8(ascii: "[") || byte == UInt8(ascii: "]")
                    || byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}")) { return false }
            }
            previous = byte
        }
        return ascii || PrintableText.check(text)
    }

    private static func isASCIILetterOrDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte) || (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte)
            || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    private static func isKeyByte(_ byte: UInt8) -> Bool {
        isASCIILetterOrDigit(byte) || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
    }
}

/// What YAML counts as printable inside a one-line scalar, for text that may hold UTF-8.
///
/// `SimpleFrontmatter` works on Swift characters, where a combining mark joins the character
/// before it: `"\u{301}` is not a quote to it. Bytes see the quote. So a scalar that could join
/// with a neighbour — a mark, a joiner, a format or prepended character — is left to the full
/// reader, which keeps both readings the same for everything this scanner accepts.
private enum PrintableText {
    /// True when `text` is valid UTF-8 of characters `SimpleFrontmatter` counts as printable,
    /// none of which joins its neighbours into one character.
    static func check(_ text: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        if text.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) { return true }
        guard let string = String(validating: text, as: UTF8.self) else { return false }
        return string.unicodeScalars.allSatisfy { SimpleFrontmatter.isPrintable($0) && ($0.isASCII || standsAlone($0)) }
    }

    /// The first Unicode scalar of `text`, if it starts with valid UTF-8.
    static func firstScalar(_ text: Slice<UnsafeBufferPointer<UInt8>>) -> Unicode.Scalar? {
        var iterator = text.makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let scalar) = decoder.decode(&iterator) { return scalar }
        return nil
    }

    /// False for scalars that extend the character before them or prepend to the one after.
    private static func standsAlone(_ scalar: Unicode.Scalar) -> Bool {
        let properties = scalar.properties
        switch properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark, .format, .surrogate, .privateUse, .unassigned: return false
        default: break
        }
        if properties.isGraphemeExtend || properties.isEmojiModifier { return false }
        switch scalar.value {
        case 0x0D4E, 0x111C2...0x111C3, 0x1193F, 0x11941, 0x11A3A, 0x11A84...0x11A89, 0x11D46, 0x11F02: return false
        case 0x1100...0x11FF, 0xA960...0xA97F, 0xD7B0...0xD7FF, 0x1F1E6...0x1F1FF: return false
        default: return true
        }
    }
}

extension Slice<UnsafeBufferPointer<UInt8>> {
    /// True when these bytes are exactly `text`: lengths first, then `memcmp`, where
    /// `elementsEqual` with a string's UTF-8 view walks both sides generically.
    package func equals(_ text: StaticString) -> Bool {
        count == text.utf8CodeUnitCount && UnsafeRawBufferPointer(base).hasBytes(text, at: startIndex)
    }

    /// True when these bytes are exactly `other`'s.
    func equals(_ other: Self) -> Bool {
        count == other.count
            && UnsafeRawBufferPointer(base).compareBytes(from: startIndex, with: UnsafeRawBufferPointer(other.base), from: other.startIndex, count: count) == 0
    }

    /// True when these bytes sort before `other`'s, byte by byte as `lexicographicallyPrecedes`
    /// orders them, compared with `memcmp`.
    func precedes(_ other: Self) -> Bool {
        let common = Swift.min(count, other.count)
        let order = UnsafeRawBufferPointer(base).compareBytes(from: startIndex, with: UnsafeRawBufferPointer(other.base), from: other.startIndex, count: common)
        return order != 0 ? order < 0 : count < other.count
    }
}
