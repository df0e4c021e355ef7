import CSodium

/// Ed25519 signature checks: libsodium's rules, with a table of multiples for keys that sign often.
///
/// `verify` checks one signature per commit. libsodium's check takes about 0.6 of the
/// instructions of BoringSSL's (swift-crypto), which signs; a key's table (`SignerTables`) makes
/// its later checks several times cheaper again. libsodium is also stricter than RFC 8032 asks:
/// it refuses a public key or a signature's R of small order and non-canonical encodings, which
/// no honest signer produces. A table's "valid" is final and libsodium decides only what a table
/// refuses, so a mistake in a table's arithmetic could accept a forgery: the tables make
/// libsodium's pre-checks themselves, and `Ed25519TableDifferential` compares them with libsodium
/// in the tests and the `ed25519` fuzz target.
enum Ed25519Verification {
    /// libsodium picks its implementations once, before its first use; safe from any thread.
    private static let ready: Bool = sodium_init() >= 0

    /// Whether `signature` (64 bytes) is `publicKey`'s (32 bytes) Ed25519 signature of `message`;
    /// `tables` are the process's own unless a test passes others.
    static func isValid(signature: [UInt8], of message: [UInt8], publicKey: [UInt8], tables: SignerTables = .shared) -> Bool {
        guard ready, signature.count == Int(crypto_sign_BYTES), publicKey.count == Int(crypto_sign_PUBLICKEYBYTES) else { return false }
        if let table = tables.table(for: publicKey), table.accepts(signature, of: message) { return true }
        return crypto_sign_verify_detached(signature, message, UInt64(message.count), publicKey) == 0
    }
}
