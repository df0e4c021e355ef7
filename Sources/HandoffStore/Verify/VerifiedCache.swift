import Crypto
import Foundation
import GitKit

/// Commit ids verified under one trust root by one version of the rules, kept in
/// `.git/handoff/verified/rules-<version>/<root>` so hooks and CI check only what is new.
///
/// The file ends with `sum <HMAC-SHA256 of the ids>` under a key made for this repository
/// (`.git/handoff/verified/key`): a file torn by a crash, copied from another repository, or
/// with an id appended by hand is not believed, and everything is checked again. (Whoever can
/// write the git folder can also recompute the sum; the cache only has to be never wrong by
/// accident, and refuse what is not its own.)
struct VerifiedCache {
    /// The version of the rules: raised whenever a rule changes, so that commits verified by
    /// an older build (which may have let through what the rules now refuse) are checked again.
    static let rulesVersion = 6

    let file: String?
    private let keyFile: String

    init(gitDirectory: String, trustRoot: ObjectID?, enabled: Bool) {
        let folder = "\(gitDirectory)handoff/verified/"
        file = enabled ? "\(folder)rules-\(Self.rulesVersion)/\(trustRoot?.hex ?? "none")" : nil
        keyFile = folder + "key"
    }

    /// The ids of the file, when its sum is right; empty otherwise (and the file is removed).
    func load() -> Set<ObjectID> {
        Set(ids() ?? [])
    }

    /// `record(_:known:)` after a `load()` of its own, for a caller that did not load.
    func record(_ ids: [ObjectID]) {
        record(ids, known: load())
    }

    /// Adds `ids` to `known`, what `load()` gave earlier in this run (the file is rewritten
    /// whole, not read again). Best effort: a cache that cannot be written only means checking
    /// again next time, so a full disk is no error here; of two runs writing at once, the
    /// last one's ids stay.
    func record(_ ids: [ObjectID], known: Set<ObjectID>) {
        guard let file, !ids.isEmpty else { return }
        let directory = (file as NSString).deletingLastPathComponent
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard let key = key(creating: true) else { return }
        let body = (known.map(\.hex) + ids.filter { !known.contains($0) }.map(\.hex)).map { $0 + "\n" }.joined()
        try? AtomicFile.write(Array((body + "sum " + Self.sum(of: body, key: key) + "\n").utf8), to: file, flush: false)
    }

    /// The ids of the file, or nil when there is none or its sum is wrong.
    private func ids() -> [ObjectID]? {
        guard let file, let data = FileManager.default.contents(atPath: file) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        guard let sumStart = text.range(of: "sum ", options: .backwards), sumStart.lowerBound == text.startIndex || text[text.index(before: sumStart.lowerBound)] == "\n",
            let key = key(creating: false)
        else {
            unlink(file)
            return nil
        }
        let body = String(text[..<sumStart.lowerBound])
        guard text[sumStart.upperBound...].trimmingCharacters(in: .newlines) == Self.sum(of: body, key: key) else {
            unlink(file)
            return nil
        }
        return body.split(separator: "\n").compactMap { ObjectID(hex: String($0)) }
    }

    /// This repository's key, made (32 random bytes) when `creating` and there is none.
    private func key(creating: Bool) -> SymmetricKey? {
        if let data = FileManager.default.contents(atPath: keyFile), data.count == 32 { return SymmetricKey(data: data) }
        guard creating else { return nil }
        let key = SymmetricKey(size: .bits256)
        let bytes = key.withUnsafeBytes { Array($0) }
        guard (try? AtomicFile.write(bytes, to: keyFile, flush: false)) != nil else { return nil }
        return key
    }

    private static func sum(of body: String, key: SymmetricKey) -> String {
        HMAC<SHA256>.authenticationCode(for: Data(body.utf8), using: key).map { String(format: "%02x", $0) }.joined()
    }
}
