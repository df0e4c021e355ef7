import Foundation
import Yams

/// A task file as bytes: YAML frontmatter between `---` lines, then a Markdown body.
/// Edits are surgical: only the lines a change touches differ; key order, comments, quoting,
/// unknown keys, line endings and a byte-order mark stay exactly as they were.
public struct TaskDocument: Sendable, Equatable {
    /// Where the file lives in the repository, for error messages.
    public let path: String
    private let byteOrderMark: Bool
    private let opening: YAMLLines.Line
    private var frontmatterLines: YAMLLines {
        didSet {
            parsed = nil
            scannedTask = nil
            source = nil
        }
    }
    /// The bytes the document was read from, until an edit: what `bytes` gives for a document
    /// read and not changed, without writing it out again.
    private var source: [UInt8]?
    /// The frontmatter as last parsed; nil after an edit until it is parsed again, and nil for
    /// a file the byte scanner read (parsed when first asked for).
    private var parsed: ParsedFrontmatter?
    /// The task the byte scanner read from the file's plain frontmatter, exactly as the full
    /// reader would; nil when the file needed the full reader, and after an edit.
    private(set) var scannedTask: HandoffTask?
    private let closing: YAMLLines.Line
    /// The Markdown after the closing `---` line, exactly as in the file.
    public private(set) var body: String {
        didSet { source = nil }
    }

    /// Largest task file accepted; beyond this a file is not a task but an accident.
    public static let maximumSize = 1 << 20

    /// Refuses a document that `change` (e.g. "this note") made larger than `maximumSize`, before
    /// it is committed: every reader of task files refuses such a file.
    /// - Throws: `HandoffError.refused` saying how large the file would be.
    package func checkSize(after change: String) throws(HandoffError) {
        let size = bytes.count
        guard size > Self.maximumSize else { return }
        throw .refused("\(change) would make \(path) \(size / 1024) KiB; task files are limited to 1 MiB, so shorten it and link to longer documents instead")
    }

    /// Splits `bytes` into frontmatter and body and checks the frontmatter parses as a mapping.
    /// - Throws: `HandoffError.invalidFile` naming `path` when the file is not a valid task file.
    public init(bytes: [UInt8], path: String) throws(HandoffError) {
        guard bytes.count <= Self.maximumSize else {
            throw .invalidFile(path, "is \(bytes.count / 1024) KiB; task files are limited to 1 MiB, so move attachments out of the task")
        }
        guard bytes.withUnsafeBytes(HandoffTask.isUTF8) else {
            throw .invalidFile(path, "is not UTF-8 text; save it as UTF-8")
        }
        self.path = path
        // A byte-order mark is a character of its own (a format character, which no mark joins).
        byteOrderMark = bytes.starts(with: [0xEF, 0xBB, 0xBF])
        var reader = YAMLLines.Reader(bytes: bytes, from: byteOrderMark ? 3 : 0)
        guard let opening = reader.next(), opening.text == "---" else {
            throw .invalidFile(path, "has no YAML frontmatter; the file must start with a '---' line")
        }
        var lines = [YAMLLines.Line]()
        var closing: YAMLLines.Line?
        while let line = reader.next() {
            if line.text == "---" || line.text == "..." {
                closing = line
                break
            }
            lines.append(line)
        }
        guard let closing else {
            throw .invalidFile(path, "frontmatter is not closed; add a '---' line after it")
        }
        self.opening = opening
        let lineEnding = opening.terminator == "\r\n" ? "\r\n" : "\n"
        frontmatterLines = YAMLLines(lines: lines, lineEnding: lineEnding)
        self.closing = closing
        body = reader.rest
        source = bytes
        // Nearly every task file has plain frontmatter, which the byte scanner reads (and so
        // validates) without building YAML nodes: a tenth of the cost for `verify`'s replays.
        if let task = TaskSummaryScanner.task(of: bytes, knownUTF8: true) {
            scannedTask = task
        } else {
            parsed = ParsedFrontmatter(mapping: try parseFrontmatter())
        }
    }

    /// Two documents are equal when they are the same file with the same bytes.
    public static func == (lhs: TaskDocument, rhs: TaskDocument) -> Bool {
        lhs.path == rhs.path && lhs.bytes == rhs.bytes
    }

    /// The line ending new lines get: the file's own ("\r\n" for CRLF files).
    public var lineEnding: String { frontmatterLines.lineEnding }

    /// The file's bytes as they would be written.
    public var bytes: [UInt8] {
        if let source { return source }
        var text = byteOrderMark ? "\u{FEFF}" : ""
        text += opening.text + opening.terminator + frontmatterLines.text
        text += closing.text + (closing.terminator.isEmpty && !body.isEmpty ? lineEnding : closing.terminator)
        text += body
        return Array(text.utf8)
    }

    /// The frontmatter parsed by Yams as a mapping.
    /// - Throws: `HandoffError.invalidFile` for malformed YAML, duplicate keys or a non-mapping.
    public func frontmatter() throws(HandoffError) -> Node.Mapping {
        if let parsed { return parsed.mapping }
        return try parseFrontmatter()
    }

    /// Parses the frontmatter lines; the one place task YAML meets the parser.
    private func parseFrontmatter() throws(HandoffError) -> Node.Mapping {
        try Self.checkLineBreaks(frontmatterLines.lines, path: path)
        if let line = YAMLLines.firstAnchorOrAlias(in: frontmatterLines.lines) {
            throw .invalidFile(path, "line \(line + 1) uses a YAML anchor or alias ('&name' or '*name'), which task files do not allow; write the value out, or quote it if the '&' or '*' is text")
        }
        if let simple = SimpleFrontmatter.mapping(frontmatterLines.lines) { return simple }
        let node: Node?
        do {
            // Every field is read as text, so no tag resolution (seven regular expressions per
            // scalar, a fifth of verify's time) is needed: the basic resolver tags all as strings.
            node = try Yams.compose(yaml: frontmatterLines.yaml, .basic, .default, .utf8)
        } catch {
            throw .invalidFile(path, "frontmatter is not valid YAML (\(YAMLErrorText.describe(error))); fix the lines between the '---' lines")
        }
        guard let node else { return Node.Mapping([]) }
        guard let mapping = node.mapping else {
            throw .invalidFile(path, "frontmatter must be a mapping of 'key: value' lines")
        }
        try Self.checkLayout(of: mapping, lines: frontmatterLines.lines, path: path)
        return mapping
    }

    /// Sets a top-level field, rewriting only its value (quoting and trailing comment kept).
    public mutating func setField(_ key: String, to value: String) {
        frontmatterLines.setField(key, to: value)
    }

    /// Sets a top-level field to a block mapping of single-line values (e.g. `offer`).
    public mutating func setMapping(_ key: String, to pairs: [(String, String)]) {
        frontmatterLines.setMapping(key, to: pairs)
    }

    /// Sets a top-level field to a flow list of plain or quoted strings: `labels: [a, b]`.
    public mutating func setFlowList(_ key: String, to values: [String]) {
        frontmatterLines.setRawField(key, to: "[" + values.map { YAMLScalar.render($0, preferring: .plain, inFlow: true) }.joined(separator: ", ") + "]")
    }

    /// Removes a top-level field and its block; nothing happens when it is absent.
    public mutating func removeField(_ key: String) {
        frontmatterLines.removeField(key)
    }

    /// Appends Markdown to the body (lines may end in "\n" or "\r\n"; written with the file's
    /// line ending), separated from what is there by one blank line.
    public mutating func appendToBody(_ markdown: String) {
        // Compare bytes: to Swift's String, "\r\n" is one character, so "a\r\n" does not end in "\n".
        func endsWith(_ suffix: String) -> Bool { body.utf8.reversed().starts(with: suffix.utf8.reversed()) }
        var addition = markdown
        if addition.utf8.contains(UInt8(ascii: "\r")) { addition = addition.replacingOccurrences(of: "\r\n", with: "\n") }
        if lineEnding != "\n" { addition = addition.replacingOccurrences(of: "\n", with: lineEnding) }
        if !body.isEmpty && !endsWith("\n") { body += lineEnding }
        if !body.isEmpty && !endsWith(lineEnding + lineEnding) { body += lineEnding }
        body += addition
        if !endsWith("\n") { body += lineEnding }
    }

    /// True when some line of the body is exactly `line` (e.g. "## Handoff log").
    public func bodyHasLine(_ line: String) -> Bool {
        YAMLLines.contains(line: line, in: body)
    }
}

/// A parsed frontmatter kept with its document. Yams' nodes are immutable values that do not
/// declare `Sendable`; this box is never mutated after creation, so sharing it is safe.
private final class ParsedFrontmatter: @unchecked Sendable {
    let mapping: Node.Mapping

    init(mapping: Node.Mapping) {
        self.mapping = mapping
    }
}
