import Foundation
import GitKit
import HandoffModel

/// A commit as handoff's rules read it: what git signed, the signature, who says they made it,
/// and the trailers, all from GitKit's one reading of commit objects (`CommitObject`,
/// `CommitTrailers`), which refuses whatever git could read differently.
public struct RawCommit: Sendable {
    /// An author or committer line: name, email and time as the commit states them.
    public struct Signer: Sendable, Equatable {
        /// The name.
        public let name: String
        /// The email between angle brackets.
        public let email: String
        /// The timestamp and zone.
        public let time: Timestamp

        init(_ identity: CommitObject.Identity) {
            name = identity.name
            email = identity.email
            time = Timestamp(seconds: identity.seconds, offsetMinutes: identity.offsetMinutes)
        }
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
    /// The `Key: value` trailers of the message's last paragraph, in order.
    public let trailers: [(key: String, value: String)]
    /// Why git could read a `Handoff-*` line of the message differently from `trailers`; nil
    /// when it reads them the same.
    public let trailerAmbiguity: String?

    /// Reads a commit object's bytes.
    /// - Throws: `HandoffError.invalidFile` when git could read the object differently, or
    ///   not at all; the message says what is wrong.
    public init(id: ObjectID, bytes: [UInt8]) throws(HandoffError) {
        let object: CommitObject
        do {
            object = try CommitObject(id: id, bytes: bytes)
        } catch {
            throw .invalidFile("commit \(id.short)", error.message)
        }
        self.id = id
        tree = object.tree
        parents = object.parents
        author = Signer(object.author)
        committer = Signer(object.committer)
        payload = object.payload
        signature = object.signature.map { String(decoding: $0, as: UTF8.self) }
        let messageBytes = bytes[object.messageStart...]
        message = String(decoding: messageBytes, as: UTF8.self)
        let read = CommitTrailers(message: messageBytes, guarding: Trailer.prefix.lowercased())
        trailers = read.trailers.map { ($0.key, $0.value) }
        trailerAmbiguity = read.ambiguity
    }

    /// The values of trailer `key`.
    public func trailerValues(_ key: Trailer) -> [String] {
        trailers.filter { Self.sameKey($0.key, key.rawValue) }.map(\.value)
    }

    /// The actions the message records: their values, whether handoff knows them or not.
    public var actions: [String] { trailerValues(.action) }

    /// True when the message carries a `Handoff-*` trailer.
    public var hasHandoffTrailers: Bool {
        let length = Trailer.prefix.utf8.count
        return trailers.contains { $0.key.utf8.count > length && Self.sameKey(String($0.key.prefix(length)), Trailer.prefix) }
    }

    /// Trailer keys compare without case, as `lowercased()` compares them; two ASCII keys (every
    /// key handoff writes) byte by byte, without making lowercase copies.
    static func sameKey(_ left: String, _ right: String) -> Bool {
        func lower(_ byte: UInt8) -> UInt8 { (0x41...0x5A).contains(byte) ? byte | 0x20 : byte }
        var left = left, right = right
        // The bytes of both, in place: a key is compared five to ten times per commit.
        let asBytes = left.withUTF8 { left in
            right.withUTF8 { right -> Bool? in
                guard left.allSatisfy({ $0 < 0x80 }), right.allSatisfy({ $0 < 0x80 }) else { return nil }
                return left.count == right.count && zip(left, right).allSatisfy { lower($0) == lower($1) }
            }
        }
        return asBytes ?? (left.lowercased() == right.lowercased())
    }

    /// The first line of the message.
    public var subject: String { String(message.prefix { $0 != "\n" }) }
}
