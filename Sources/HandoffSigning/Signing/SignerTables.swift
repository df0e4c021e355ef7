import CEd25519
import CSodium
import Foundation

/// Tables of multiples of the public keys that signed often, shared by every thread.
///
/// Until a key has signed `signaturesBeforeTable` times, libsodium alone checks its signatures:
/// a key's table takes 0.1 ms to build (two of libsodium's checks), and the first one 2 ms more
/// for the base point's, which a hook checking one commit should not pay.
final class SignerTables: @unchecked Sendable {
    /// The tables of this process.
    static let shared = SignerTables()

    /// The signature of a key at which its table is built (the ones before go to libsodium).
    static let signaturesBeforeTable = 8
    /// At most this many tables (about 30 KB each) are kept; later keys go to libsodium alone.
    static let maximumTables = 1024

    private let lock = NSLock()
    private var keys = [[UInt8]: Entry]()
    private var tableCount = 0

    private enum Entry {
        case counting(Int)
        case built(KeyTable?)
    }

    /// What one look at a key gives: its table as far as there is one, or the turn to build it.
    private enum Lookup {
        case known(KeyTable?)
        case build
    }

    /// The table of `publicKey` (32 bytes), building it once the key has signed often enough;
    /// nil while it has not, and for keys libsodium does not consider points of prime order.
    func table(for publicKey: [UInt8]) -> KeyTable? {
        // One look under the lock: the table when it is built, else count this signature.
        let lookup: Lookup = lock.withLock {
            switch keys[publicKey, default: .counting(0)] {
            case .built(let table):
                return .known(table)
            case .counting(let seen):
                keys[publicKey] = .counting(seen + 1)
                return seen + 1 == Self.signaturesBeforeTable && tableCount < Self.maximumTables ? .build : .known(nil)
            }
        }
        if case .known(let table) = lookup { return table }
        let table = KeyTable(publicKey: publicKey)
        lock.withLock {
            keys[publicKey] = .built(table)
            if table != nil { tableCount += 1 }
        }
        return table
    }
}

/// One key's table of multiples.
final class KeyTable: @unchecked Sendable {
    private let pointer: OpaquePointer
    private let publicKey: [UInt8]

    /// The table of `publicKey`; nil unless libsodium takes it for a canonical point of prime order.
    init?(publicKey: [UInt8]) {
        guard publicKey.count == 32, crypto_core_ed25519_is_valid_point(publicKey) == 1,
              let pointer = handoff_ed25519_table_new(publicKey) else { return nil }
        self.pointer = pointer
        self.publicKey = publicKey
    }

    deinit {
        handoff_ed25519_table_free(pointer)
    }

    /// Whether `signature` (64 bytes) is this key's signature of `message`. True is final (no one
    /// asks libsodium again; `Ed25519TableDifferential` checks it agrees); false may also mean
    /// "not decided here": the caller then asks libsodium.
    func accepts(_ signature: [UInt8], of message: [UInt8]) -> Bool {
        guard signature.count == 64 else { return false }
        var state = crypto_hash_sha512_state()
        var digest = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        var reduced = (UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        crypto_hash_sha512_init(&state)
        crypto_hash_sha512_update(&state, signature, 32)
        crypto_hash_sha512_update(&state, publicKey, 32)
        crypto_hash_sha512_update(&state, message, UInt64(message.count))
        return withUnsafeMutableBytes(of: &digest) { digest in
            guard let digest = digest.bindMemory(to: UInt8.self).baseAddress else { return false }
            crypto_hash_sha512_final(&state, digest)
            return withUnsafeMutableBytes(of: &reduced) { reduced in
                guard let h = reduced.bindMemory(to: UInt8.self).baseAddress else { return false }
                crypto_core_ed25519_scalar_reduce(h, digest)
                return handoff_ed25519_check(pointer, signature, h) == 1
            }
        }
    }
}
