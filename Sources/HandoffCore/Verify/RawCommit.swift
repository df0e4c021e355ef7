import Foundation
import GitKit

/// A commit object read from its raw bytes: what git signed, the signature, and who says they made it.
public struct RawCommit: Sendable {
    /// An author or committer line: name, email and time as the commit states them.
    public struct Signer: Sendable, Equatable {
        /// The name.
        public let name: String
        /// The email between angle brackets.
        public let email: String
        /// The timestamp and zone.
        public let time: Timestamp
    }

    /// The commit's id.
    public let id: ObjectID
    /// Its tree.
    public let tree: ObjectID
    /// Its parents, first parent first.
    public let parents: [ObjectID]
    /// The author line.
    public let author: Signer
    /// The committer line; the committer is the actor every rule checks.
    public let committer: Signer
    /// The armored `gpgsig` signature, or nil for an unsigned commit.
    public let signature: String?
    /// The bytes that were signed: the object without its `gpgsig` header.
    public let payload: [UInt8]
    /// The commit message.
    public let message: String

    /// Parses a commit object's bytes.
    /// - Throws: `HandoffError.invalidFile` when the object is not a well-formed commit.
    public init(id: ObjectID, bytes: [UInt8]) throws(HandoffError) {
        self.id = id
        var payload = [UInt8]()
        payload.reserveCapacity(bytes.count)
        var signatureLines = [String]()
        var tree: ObjectID?
        var parents = [ObjectID]()
        var author: Signer?
        var committer: Signer?
        var index = 0
        var inSignature = false
        var messageStart = bytes.count
        while index < bytes.count {
            let end = bytes[index...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let line = bytes[index..<end]
            let next = min(end + 1, bytes.count)
            if line.isEmpty {
                payload.append(contentsOf: bytes[index...])
                messageStart = next
                break
            }
            let text = String(decoding: line, as: UTF8.self)
            if inSignature, text.hasPrefix(" ") {
                signatureLines.append(String(text.dropFirst()))
                index = next
                continue
            }
            inSignature = false
            if text.hasPrefix("gpgsig ") {
                inSignature = true
                signatureLines.append(String(text.dropFirst(7)))
                index = next
                continue
            }
            payload.append(contentsOf: bytes[index..<next])
            if text.hasPrefix("tree ") {
                tree = ObjectID(hex: String(text.dropFirst(5)))
            } else if text.hasPrefix("parent "), let parent = ObjectID(hex: String(text.dropFirst(7))) {
                parents.append(parent)
            } else if text.hasPrefix("author ") {
                author = Self.signer(text.dropFirst(7))
            } else if text.hasPrefix("committer ") {
                committer = Self.signer(text.dropFirst(10))
            }
            index = next
        }
        guard let tree, let author, let committer else {
            throw .invalidFile("commit \(id.short)", "is not a well-formed commit object")
        }
        self.tree = tree
        self.parents = parents
        self.author = author
        self.committer = committer
        self.payload = payload
        signature = signatureLines.isEmpty ? nil : signatureLines.joined(separator: "\n") + "\n"
        message = String(decoding: bytes[min(messageStart, bytes.count)...], as: UTF8.self)
        trailers = Self.parseTrailers(message)
    }

    /// The `Key: value` trailers of the message's last paragraph, in order.
    public let trailers: [(key: String, value: String)]

    /// Reads the trailers of a message: its last paragraph, when every line of it is `Key: value`.
    static func parseTrailers(_ message: String) -> [(key: String, value: String)] {
        let paragraphs = message.split(separator: "\n\n", omittingEmptySubsequences: true)
            .filter { !$0.allSatisfy { $0 == "\n" } }
        guard paragraphs.count > 1, let last = paragraphs.last else { return [] }
        var trailers = [(key: String, value: String)]()
        for line in last.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":"), colon > line.startIndex,
                line[..<colon].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" })
            else { return [] }
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            trailers.append((String(line[..<colon]), String(value.trimmingTrailingSpaces())))
        }
        return trailers
    }

    /// The values of trailer `key`.
    public func trailerValues(_ key: String) -> [String] {
        trailers.filter { $0.key.lowercased() == key.lowercased() }.map(\.value)
    }

    /// The first line of the message.
    public var subject: String { String(message.prefix { $0 != "\n" }) }

    private static func signer(_ text: Substring) -> Signer? {
        guard let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close else { return nil }
        let name = text[..<open].trimmingCharacters(in: .whitespaces)
        let email = String(text[text.index(after: open)..<close])
        let rest = text[text.index(after: close)...].split(separator: " ")
        guard let seconds = rest.first.flatMap({ Int64($0) }) else { return nil }
        var offset: Int32 = 0
        if rest.count > 1, let zone = Int32(rest[1]) { offset = (zone / 100) * 60 + zone % 100 }
        return Signer(name: name, email: email, time: Timestamp(seconds: seconds, offsetMinutes: offset))
    }
}
