import Foundation

/// git's allowed-signers file (gpg.ssh.allowedSignersFile): `principals [options] keytype base64 [comment]`.
/// Times in valid-after/valid-before are read as UTC whether or not they end in "Z"
/// (ssh-keygen reads them as local time without the "Z"; handoff keeps results machine-independent).
public struct AllowedSigners: Sendable {
    /// One key line of the file.
    public struct Entry: Sendable, Equatable {
        /// The comma-separated principal patterns (may contain * and ? wildcards, and !negations).
        public let principals: [String]
        /// The namespaces="..." patterns; nil means any namespace.
        public let namespaces: [String]?
        /// valid-after as unix seconds (UTC), if given.
        public let validAfter: Int64?
        /// valid-before as unix seconds (UTC), if given.
        public let validBefore: Int64?
        /// True for a cert-authority line: the key certifies signers instead of signing.
        public let certAuthority: Bool
        /// The listed public key.
        public let key: SSHPublicKey
        /// 1-based line number in the file.
        public let line: Int

        /// The same entry on line `number`.
        func numbered(_ number: Int) -> Entry {
            Entry(
                principals: principals, namespaces: namespaces, validAfter: validAfter, validBefore: validBefore, certAuthority: certAuthority,
                key: key, line: number)
        }

        /// True when `email` matches the principal patterns, as ssh matches them.
        public func matches(principal email: String) -> Bool {
            PatternList.matches(email, patterns: principals)
        }

        /// True when signatures in `namespace` are allowed by this entry.
        public func allows(namespace: String) -> Bool {
            guard let namespaces else { return true }
            return PatternList.matches(namespace, patterns: namespaces)
        }

        /// True for a retired key: a line with `valid-before`. Plain git keeps honouring it for
        /// commits dated before then; handoff, judging by the parent's policy, lets it sign
        /// nothing new, whatever date a commit claims (dates are the signer's word).
        public var isRetired: Bool { validBefore != nil }

        /// True when `time` lies within the validity window (both ends included, as ssh-keygen does).
        public func isValid(at time: Int64) -> Bool {
            if let validAfter, time < validAfter { return false }
            if let validBefore, time > validBefore { return false }
            return true
        }
    }

    /// The key lines in file order.
    public let entries: [Entry]

    /// The key lines by their text, for parsing the next version of the file.
    private let entriesByText: [String: Entry]

    /// Parses the file text; throws SigningError naming the line number and what is wrong for a malformed line (the caller adds the file name).
    /// Lines also in `previous` (an earlier version of the file) are taken from it, not parsed
    /// again: each member added to a team adds one line to a file `verify` reads in every version.
    public init(parsing text: String, reusing previous: AllowedSigners? = nil) throws(SigningError) {
        var entries: [Entry] = []
        var entriesByText = [String: Entry]()
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false)
        for (index, raw) in lines.enumerated() {
            let line = String(decoding: raw, as: UTF8.self)
            let entry: Entry?
            if let known = previous?.entriesByText[line] {
                entry = known.numbered(index + 1)
            } else {
                entry = try AllowedSignersLineParser.parse(line, number: index + 1)
            }
            if let entry {
                entries.append(entry)
                entriesByText[line] = entry
            }
        }
        self.entries = entries
        self.entriesByText = entriesByText
    }

    /// Entries whose principals match `email` and whose namespaces allow `namespace`, valid at `time` (unix seconds) if given.
    /// cert-authority entries are left out: their keys certify signers and never sign commits themselves;
    /// so are retired entries (`valid-before`) unless `includingRetired`.
    public func keys(for email: String, namespace: String = "git", at time: Int64? = nil, includingRetired: Bool = true) -> [SSHPublicKey] {
        let matching = matches.entries(for: email, namespace: namespace) {
            entries.indices.filter { index in
                let entry = entries[index]
                return !entry.certAuthority && entry.matches(principal: email) && entry.allows(namespace: namespace)
            }
        }
        var keys = [SSHPublicKey]()
        for index in matching where (includingRetired || !entries[index].isRetired) && (time.map({ entries[index].isValid(at: $0) }) ?? true) {
            keys.append(entries[index].key)
        }
        return keys
    }

    /// True when a line for `email` lists `key` retired: it signs nothing new for them.
    public func retires(_ key: SSHPublicKey, for email: String) -> Bool {
        entries.contains { $0.isRetired && $0.key == key && $0.matches(principal: email) }
    }

    /// Which entries match an email and namespace, worked out once for each pair: `verify`
    /// asks for every commit, and matching patterns costs more than the rest of the lookup.
    private let matches = MatchMemo()

    /// Renders one line in git's format: `email namespaces="git" ssh-ed25519 AAAA...`
    public static func line(email: String, key: SSHPublicKey) -> String {
        let needsQuotes = email.contains { $0 == " " || $0 == "\t" || $0 == "\"" } || email.hasPrefix("#")
        let principal = needsQuotes ? "\"\(email.replacingOccurrences(of: "\"", with: ""))\"" : email
        return "\(principal) namespaces=\"git\" \(key.openSSH)"
    }
}

/// The entries of one allowed-signers file that match each email and namespace asked about.
/// Shared by copies of the file's value, from any thread.
private final class MatchMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var found = [String: [Int]]()

    /// The indexes of the entries matching `email` and `namespace`, from `match` the first time.
    func entries(for email: String, namespace: String, match: () -> [Int]) -> [Int] {
        let key = namespace + "\0" + email
        if let known = lock.withLock({ found[key] }) { return known }
        let indexes = match()
        lock.withLock { found[key] = indexes }
        return indexes
    }
}
