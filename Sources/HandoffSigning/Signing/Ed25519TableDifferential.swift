import CEd25519
import CSodium

/// One key's tables of multiples checked against libsodium, input by input.
///
/// A table's "valid" is final (libsodium is asked only when a table says "not valid"), so a
/// mistake in the tables' arithmetic could accept a forged signature. What guards them is this
/// comparison, which the tests (`SigningTablesDifferentialTests`) and the `ed25519` fuzz target
/// run on valid signatures and on every class of forgery and malleation they make, together with
/// the pre-checks the tables make themselves (libsodium's: S below the group order, R canonical
/// and not of small order, a key of prime order).
public final class Ed25519TableDifferential: @unchecked Sendable {
    /// What each side said about one signature.
    public struct Verdicts: Sendable, Equatable, CustomStringConvertible {
        /// libsodium's `crypto_sign_verify_detached` accepted it: the reference.
        public let libsodium: Bool
        /// The C table (`handoff_ed25519_table_new`, asked directly, without the Swift layer's
        /// check of the key) accepted it; nil when it built no table for the key.
        public let cTable: Bool?
        /// The key's `KeyTable`, as `SignerTables` hands it out, accepted it; nil when there is none.
        public let keyTable: Bool?
        /// `Ed25519Verification.isValid`'s answer, with the key's table built: what `verify` decides.
        public let final: Bool

        /// What went wrong, or nil: a table accepted what libsodium refuses, or the final answer
        /// is not libsodium's. (A table may refuse what libsodium accepts: libsodium then decides.)
        public var disagreement: String? {
            if cTable == true && !libsodium { return "the C table accepts a signature libsodium refuses" }
            if keyTable == true && !libsodium { return "the key's table accepts a signature libsodium refuses" }
            if final != libsodium { return "Ed25519Verification says \(final ? "valid" : "invalid"), libsodium \(libsodium ? "valid" : "invalid")" }
            return nil
        }

        public var description: String {
            func text(_ verdict: Bool?) -> String { verdict.map { $0 ? "valid" : "invalid" } ?? "no table" }
            return "libsodium \(text(libsodium)), C table \(text(cTable)), KeyTable \(text(keyTable)), final \(text(final))"
        }
    }

    /// The key (32 bytes) whose signatures are compared.
    public let publicKey: [UInt8]
    /// Whether libsodium's `crypto_core_ed25519_is_valid_point` accepts the key (canonical, on
    /// the curve, of prime order): exactly the keys that get tables.
    public let keyIsValidPoint: Bool
    /// Whether the C code built a table for the key.
    public var hasCTable: Bool { cTable != nil }
    /// Whether `SignerTables` built a table for the key once it had signed often enough.
    public var hasKeyTable: Bool { keyTable != nil }

    private let cTable: OpaquePointer?
    private let tables = SignerTables()
    private let keyTable: KeyTable?

    /// The tables of `publicKey`, built as `verify` builds them (the key's signature number
    /// `SignerTables.signaturesBeforeTable` builds it) and by the C code directly; nil unless
    /// the key is 32 bytes.
    public init?(publicKey: [UInt8]) {
        guard publicKey.count == 32, sodium_init() >= 0 else { return nil }
        self.publicKey = publicKey
        keyIsValidPoint = crypto_core_ed25519_is_valid_point(publicKey) == 1
        cTable = handoff_ed25519_table_new(publicKey)
        var table: KeyTable?
        for _ in 0..<SignerTables.signaturesBeforeTable { table = tables.table(for: publicKey) }
        keyTable = table
    }

    deinit {
        handoff_ed25519_table_free(cTable)
    }

    /// What libsodium, each table and the final decision say about `signature` (64 bytes) as
    /// this key's signature of `message`; nil when the signature is not 64 bytes.
    public func compare(signature: [UInt8], message: [UInt8]) -> Verdicts? {
        guard signature.count == 64 else { return nil }
        let libsodium = crypto_sign_verify_detached(signature, message, UInt64(message.count), publicKey) == 0
        let cVerdict = cTable.map { handoff_ed25519_check($0, signature, challenge(signature: signature, message: message)) == 1 }
        return Verdicts(
            libsodium: libsodium,
            cTable: cVerdict,
            keyTable: keyTable.map { $0.accepts(signature, of: message) },
            final: Ed25519Verification.isValid(signature: signature, of: message, publicKey: publicKey, tables: tables)
        )
    }

    /// h = SHA-512(R || A || message) reduced modulo the group order, computed apart from
    /// `KeyTable`'s own, for the C table.
    private func challenge(signature: [UInt8], message: [UInt8]) -> [UInt8] {
        var digest = [UInt8](repeating: 0, count: 64)
        var state = crypto_hash_sha512_state()
        crypto_hash_sha512_init(&state)
        crypto_hash_sha512_update(&state, signature, 32)
        crypto_hash_sha512_update(&state, publicKey, 32)
        crypto_hash_sha512_update(&state, message, UInt64(message.count))
        crypto_hash_sha512_final(&state, &digest)
        var reduced = [UInt8](repeating: 0, count: 32)
        crypto_core_ed25519_scalar_reduce(&reduced, digest)
        return reduced
    }
}
