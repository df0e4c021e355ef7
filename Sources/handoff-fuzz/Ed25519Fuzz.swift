import HandoffCore
import TestSupport

/// The `ed25519` target: the tables of multiples against libsodium. Each input becomes one
/// signature check: a key (one of 64 kept signers, or one made from the input), the input's first
/// 256 bytes as the message, one case of a class of `Ed25519Cases` picked by the input's
/// SHA-512, sometimes with one more bit flipped. A table accepting what libsodium refuses, or a
/// final answer other than libsodium's, stops the process with the case.
enum Ed25519Fuzz {
    /// The kept signers, whose tables are built once.
    private static let signers = (0..<64).map { Ed25519Cases.Signer(seed: Ed25519Arithmetic.sha512([0xf5, UInt8($0)])) }
    /// Each key's tables (up to `keptDifferentials` keys), built as `verify` builds them.
    nonisolated(unsafe) private static var differentials = [[UInt8]: Ed25519TableDifferential]()
    private static let keptDifferentials = 4096

    static func run(_ bytes: [UInt8]) {
        let digest = Ed25519Arithmetic.sha512(bytes)
        let signer = digest[0] < 224 ? signers[Int(digest[1]) % signers.count] : Ed25519Cases.Signer(seed: Array(digest[32..<64]))
        let base = Ed25519Cases.Base(signer: signer, message: Array(bytes.prefix(256)), nonceSeed: digest)
        let kinds = Ed25519Cases.Kind.allCases
        var kind = kinds[Int(digest[2]) % kinds.count]
        if kind.count(for: base) == 0 { kind = .valid }
        let index = (Int(digest[3]) << 8 | Int(digest[4])) % kind.count(for: base)
        var testCase = Ed25519Cases.make(kind, index, from: base)
        if digest[5] < 64 { testCase = flipping(testCase, bit: Int(digest[6]) << 8 | Int(digest[7])) }
        check(testCase)
    }

    /// `testCase` with one more bit flipped: of the key, the signature or the message.
    private static func flipping(_ testCase: Ed25519Cases.Case, bit: Int) -> Ed25519Cases.Case {
        var key = testCase.publicKey, signature = testCase.signature, message = testCase.message
        let position = bit % (256 + 512 + 8 * message.count)
        switch position {
        case ..<256: key[position / 8] ^= 1 << (position % 8)
        case ..<768: signature[(position - 256) / 8] ^= 1 << (position % 8)
        default: message[(position - 768) / 8] ^= 1 << (position % 8)
        }
        return Ed25519Cases.Case(name: testCase.name + ", bit \(position) of key|signature|message flipped", publicKey: key, signature: signature, message: message)
    }

    private static func check(_ testCase: Ed25519Cases.Case) {
        guard let differential = differentials[testCase.publicKey] ?? Ed25519TableDifferential(publicKey: testCase.publicKey),
              let verdicts = differential.compare(signature: testCase.signature, message: testCase.message) else {
            fatalError("ed25519: \(testCase.name): a key of 32 bytes and a signature of 64 were expected")
        }
        if differentials.count < keptDifferentials { differentials[testCase.publicKey] = differential }
        let problem = verdicts.disagreement
            ?? (differential.hasCTable && !differential.keyIsValidPoint ? "a C table was built for a key crypto_core_ed25519_is_valid_point refuses" : nil)
        if let problem {
            fatalError("ed25519: \(testCase.name): \(problem) (\(verdicts)); key \(hex(testCase.publicKey)) signature \(hex(testCase.signature)) message \(hex(testCase.message))")
        }
    }

    private static func hex(_ bytes: [UInt8]) -> String {
        bytes.map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
    }
}
