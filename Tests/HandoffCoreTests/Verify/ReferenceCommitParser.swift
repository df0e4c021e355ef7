import Foundation
import GitKit
import HandoffCore

/// The commit parser `verify` used before it read header lines as bytes: every line decoded to a
/// String. Kept as the reference the byte-level `RawCommit` must agree with.
struct ReferenceCommitParser: Equatable {
    let tree: String
    let parents: [String]
    let author: String
    let committer: String
    let signature: String?
    let payload: [UInt8]
    let message: String

    /// Parses `bytes` line by line as text; nil where the old parser threw.
    init?(bytes: [UInt8]) {
        var payload = [UInt8]()
        var signatureLines = [String]()
        var tree: String?
        var parents = [String]()
        var author: String?
        var committer: String?
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
                tree = ObjectID(hex: String(text.dropFirst(5)))?.hex
            } else if text.hasPrefix("parent "), let parent = ObjectID(hex: String(text.dropFirst(7))) {
                parents.append(parent.hex)
            } else if text.hasPrefix("author ") {
                author = Self.signer(text.dropFirst(7))
            } else if text.hasPrefix("committer ") {
                committer = Self.signer(text.dropFirst(10))
            }
            index = next
        }
        guard let tree, let author, let committer else { return nil }
        self.tree = tree
        self.parents = parents
        self.author = author
        self.committer = committer
        self.payload = payload
        signature = signatureLines.isEmpty ? nil : signatureLines.joined(separator: "\n") + "\n"
        message = String(decoding: bytes[min(messageStart, bytes.count)...], as: UTF8.self)
    }

    /// The fields of `commit` in the reference's terms.
    init(_ commit: RawCommit) {
        tree = commit.tree.hex
        parents = commit.parents.map(\.hex)
        author = Self.describe(commit.author)
        committer = Self.describe(commit.committer)
        signature = commit.signature
        payload = commit.payload
        message = commit.message
    }

    private static func describe(_ signer: RawCommit.Signer) -> String {
        "\(signer.name)|\(signer.email)|\(signer.time.seconds)|\(signer.time.offsetMinutes)"
    }

    private static func signer(_ text: Substring) -> String? {
        guard let open = text.lastIndex(of: "<"), let close = text.lastIndex(of: ">"), open < close else { return nil }
        let name = text[..<open].trimmingCharacters(in: .whitespaces)
        let email = String(text[text.index(after: open)..<close])
        let rest = text[text.index(after: close)...].split(separator: " ")
        guard let seconds = rest.first.flatMap({ Int64($0) }) else { return nil }
        var offset: Int32 = 0
        if rest.count > 1, let zone = Int32(rest[1]) { offset = (zone / 100) * 60 + zone % 100 }
        return "\(name)|\(email)|\(seconds)|\(offset)"
    }
}
