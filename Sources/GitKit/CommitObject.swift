import CLibGit2
import Glibc

/// A commit object cut into the tokens git reads, in the order git reads them: the `tree` line
/// first, the `parent` lines straight after it, one `author`, one `committer`, then other
/// headers (`encoding`, `mergetag`, `gpgsig`, …) and, after an empty line, the message.
///
/// git, libgit2 and the commit-graph each read some of these lines their own way: git takes the
/// first `tree` line, its pretty-printer the last `author`; git splits an identity at its first
/// `<`, libgit2 at its last. So anything on which two readers could disagree is refused here
/// rather than guessed: a misplaced or repeated `tree`, `parent`, `author` or `committer`, an
/// identity that is not `name <email> seconds ±hhmm` with one `<` and one `>`, a NUL byte, a
/// second signature, a signature header of another hash (`gpgsig-sha256`), an encoding other
/// than UTF-8, upper-case hex. Every commit handoff and git write passes.
public struct CommitObject: Sendable {
    /// An author or committer line split as git splits it.
    public struct Identity: Sendable, Equatable {
        /// The name, without the spaces before `<`.
        public let name: String
        /// The email between `<` and `>`.
        public let email: String
        /// Seconds since 1970.
        public let seconds: Int64
        /// The zone, in minutes east of UTC.
        public let offsetMinutes: Int32
    }

    /// The tree.
    public let tree: ObjectID
    /// The parents, first parent first.
    public let parents: [ObjectID]
    /// The `author` line.
    public let author: Identity
    /// The `committer` line.
    public let committer: Identity
    /// The `gpgsig` header's value with the leading space of each continuation line removed, a
    /// newline after each line (the armored signature git hands its verifier); nil when unsigned.
    public let signature: [UInt8]?
    /// The bytes that were signed: the object without its `gpgsig` header, as git hands them to
    /// the signature check.
    public let payload: [UInt8]
    /// Where the message starts in the object's bytes (their count when there is none).
    public let messageStart: Int

    /// Cuts the bytes of commit `id` into tokens.
    /// - Throws: `GitError.malformed` naming the first thing git could read differently.
    public init(id: ObjectID, bytes: [UInt8]) throws(GitError) {
        func refuse(_ problem: String) -> GitError { .malformed(id, kind: "commit", problem) }
        var lines = HeaderLines(bytes)
        if bytes.withUnsafeBytes({ raw in raw.baseAddress.map { memchr($0, 0, raw.count) != nil } ?? false }) {
            throw refuse("holds a NUL byte")
        }

        let (tree, parents): (ObjectID, [ObjectID])
        switch Self.treeAndParents(&lines, in: bytes) {
        case .success(let header): (tree, parents) = header
        case .failure(let problem): throw refuse(problem.text)
        }
        guard let authorLine = lines.next(), Self.starts(authorLine, with: "author ", in: bytes) else {
            throw refuse("has no 'author' line after its tree and parents")
        }
        guard let author = Identity(bytes[(authorLine.lowerBound + 7)..<authorLine.upperBound]) else {
            throw refuse("has an author that is not 'name <email> seconds ±hhmm'")
        }
        guard let committerLine = lines.next(), Self.starts(committerLine, with: "committer ", in: bytes) else {
            throw refuse("has no 'committer' line after its author")
        }
        guard let committer = Identity(bytes[(committerLine.lowerBound + 10)..<committerLine.upperBound]) else {
            throw refuse("has a committer that is not 'name <email> seconds ±hhmm'")
        }

        var payload = [UInt8]()
        payload.reserveCapacity(bytes.count)
        payload.append(contentsOf: bytes[..<(committerLine.upperBound + 1)])
        var signature: [UInt8]?
        var header: ExtraHeader?
        var sawEncoding = false
        var messageStart = bytes.count
        while let line = lines.next() {
            if line.isEmpty {
                messageStart = line.upperBound + 1
                payload.append(contentsOf: bytes[line.lowerBound...])
                break
            }
            if bytes[line.lowerBound] == UInt8(ascii: " ") {
                guard let current = header else { throw refuse("has a continuation line that follows no header") }
                if current == .signature {
                    signature?.append(contentsOf: bytes[(line.lowerBound + 1)..<line.upperBound])
                    signature?.append(UInt8(ascii: "\n"))
                } else {
                    payload.append(contentsOf: bytes[line.lowerBound...line.upperBound])
                }
                continue
            }
            guard let space = bytes[line].firstIndex(of: UInt8(ascii: " ")), space > line.lowerBound else {
                throw refuse("has a header line without a name and a value")
            }
            let key = String(decoding: bytes[line.lowerBound..<space], as: UTF8.self)
            switch key {
            case "tree", "parent", "author", "committer":
                throw refuse("has a second or misplaced '\(key)' header")
            case "gpgsig":
                guard signature == nil else { throw refuse("has two 'gpgsig' signatures") }
                signature = Array(bytes[(space + 1)..<line.upperBound]) + [UInt8(ascii: "\n")]
                header = .signature
                continue
            case _ where key.hasPrefix("gpgsig"):
                throw refuse("has a '\(key)' signature, which git reads only in repositories of another hash")
            case "encoding":
                let value = String(decoding: bytes[(space + 1)..<line.upperBound], as: UTF8.self).lowercased()
                guard !sawEncoding, value == "utf-8" || value == "utf8" else {
                    throw refuse("declares the encoding '\(value)'; git would show its message re-encoded, so only UTF-8 is read")
                }
                sawEncoding = true
            default:
                break
            }
            header = .other
            payload.append(contentsOf: bytes[line.lowerBound...line.upperBound])
        }
        if lines.unterminated { throw refuse("ends inside a header line") }
        self.tree = tree
        self.parents = parents
        self.author = author
        self.committer = committer
        self.signature = signature
        self.payload = payload
        self.messageStart = messageStart
    }

    /// The tree and parents of a commit's bytes, read as `init` reads them (the `tree` line,
    /// then the `parent` lines straight after it) without reading the rest: for walks that need
    /// only those. nil when the first lines are not so; `init` says what else is wrong.
    public static func treeAndParents(of bytes: [UInt8]) -> (tree: ObjectID, parents: [ObjectID])? {
        var lines = HeaderLines(bytes)
        return try? treeAndParents(&lines, in: bytes).get()
    }

    /// What is wrong with a commit's first lines.
    private struct HeaderProblem: Error {
        let text: String
    }

    /// Reads the `tree` line and the `parent` lines after it from `lines`.
    private static func treeAndParents(_ lines: inout HeaderLines, in bytes: [UInt8]) -> Result<(ObjectID, [ObjectID]), HeaderProblem> {
        guard let treeLine = lines.next(), starts(treeLine, with: "tree ", in: bytes) else {
            return .failure(HeaderProblem(text: "does not start with a 'tree' header"))
        }
        guard let tree = objectID(treeLine, after: "tree ", in: bytes) else {
            return .failure(HeaderProblem(text: "has a 'tree' header that is not 'tree <40 lower-case hex digits>'"))
        }
        var parents = [ObjectID]()
        while let line = lines.peek(), starts(line, with: "parent ", in: bytes) {
            _ = lines.next()
            guard let parent = objectID(line, after: "parent ", in: bytes) else {
                return .failure(HeaderProblem(text: "has a 'parent' header that is not 'parent <40 lower-case hex digits>'"))
            }
            parents.append(parent)
        }
        return .success((tree, parents))
    }

    /// The kind of header the continuation lines that follow belong to.
    private enum ExtraHeader { case signature, other }

    private static func starts(_ line: Range<Int>, with prefix: StaticString, in bytes: [UInt8]) -> Bool {
        line.count >= prefix.utf8CodeUnitCount
            && prefix.withUTF8Buffer { prefix in bytes[line.lowerBound..<(line.lowerBound + prefix.count)].elementsEqual(prefix) }
    }

    /// The id of a line `<prefix><40 lower-case hex digits>`, nothing more.
    private static func objectID(_ line: Range<Int>, after prefix: StaticString, in bytes: [UInt8]) -> ObjectID? {
        let start = line.lowerBound + prefix.utf8CodeUnitCount
        guard line.count == prefix.utf8CodeUnitCount + 40, starts(line, with: prefix, in: bytes),
            bytes[start..<line.upperBound].allSatisfy({ (0x30...0x39).contains($0) || (0x61...0x66).contains($0) })
        else { return nil }
        return bytes.withUnsafeBytes { ObjectID(hexDigits: UnsafeRawBufferPointer(rebasing: $0[start..<line.upperBound])) }
    }
}

extension CommitObject.Identity {
    /// Reads `name <email> seconds ±hhmm` as `git fsck` requires it: a name without `<`, `>` or
    /// control characters followed by one space, an email without `<` or `>`, a date of digits
    /// without leading zeros that fits in 64 bits, a four-digit zone; valid UTF-8 throughout.
    /// nil for anything else.
    init?(_ text: ArraySlice<UInt8>) {
        guard text.allSatisfy({ $0 >= 0x20 && $0 != 0x7F }),
            let open = text.firstIndex(of: UInt8(ascii: "<")), open > text.startIndex, text[open - 1] == UInt8(ascii: " "),
            let close = text[open...].firstIndex(of: UInt8(ascii: ">")),
            !text[..<open].contains(UInt8(ascii: ">")), !text[(open + 1)..<close].contains(UInt8(ascii: "<"))
        else { return nil }
        let rest = text[(close + 1)...]
        guard rest.first == UInt8(ascii: " ") else { return nil }
        let fields = rest.dropFirst().split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard fields.count == 2, let date = fields.first, let zone = fields.last,
            !date.isEmpty, date.allSatisfy({ (0x30...0x39).contains($0) }), date.first != 0x30 || date.count == 1,
            let seconds = Int64(String(decoding: date, as: UTF8.self)),
            zone.count == 5, zone.first == UInt8(ascii: "+") || zone.first == UInt8(ascii: "-"),
            zone.dropFirst().allSatisfy({ (0x30...0x39).contains($0) }),
            let hhmm = Int32(String(decoding: zone.dropFirst(), as: UTF8.self))
        else { return nil }
        var name = text[..<open]
        while name.last == UInt8(ascii: " ") { name = name.dropLast() }
        guard let nameText = String(validating: name, as: UTF8.self),
            let emailText = String(validating: text[(open + 1)..<close], as: UTF8.self)
        else { return nil }
        self.name = nameText
        self.email = emailText
        self.seconds = seconds
        let minutes = (hhmm / 100) * 60 + hhmm % 100
        offsetMinutes = zone.first == UInt8(ascii: "-") ? -minutes : minutes
    }
}

/// The lines of an object's header, each without its newline.
private struct HeaderLines {
    private let bytes: [UInt8]
    private var offset = 0
    /// True once `next()` stopped before bytes that end without a newline.
    private(set) var unterminated = false

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    /// The next line, or nil at the end and before a last line without a newline (a header
    /// line always has one).
    mutating func next() -> Range<Int>? {
        guard let line = peek() else {
            unterminated = offset < bytes.count
            return nil
        }
        offset = line.upperBound + 1
        return line
    }

    /// The next line, without moving past it.
    func peek() -> Range<Int>? {
        guard offset < bytes.count, let end = bytes[offset...].firstIndex(of: UInt8(ascii: "\n")) else { return nil }
        return offset..<end
    }
}

extension GitError {
    /// An object git could read differently from handoff, or not at all: refused, never guessed.
    public static func malformed(_ id: ObjectID, kind: String, _ problem: String) -> GitError {
        GitError(code: GIT_EINVALID.rawValue, operation: "read \(kind) \(id.short)", message: problem, isMalformedObject: true)
    }
}
