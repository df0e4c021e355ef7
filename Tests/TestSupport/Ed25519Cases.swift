import CSodium

/// Ed25519 inputs of every class on which the tables of multiples must agree with libsodium:
/// valid signatures and each way to corrupt, malleate or forge one. The differential tests walk
/// every case of every kind; the `ed25519` fuzz target picks them at random.
public enum Ed25519Cases {
    /// One input: a key, a signature (R then S) and a message, named for failure messages.
    public struct Case: Sendable {
        public let name: String
        public let publicKey: [UInt8]
        public let signature: [UInt8]
        public let message: [UInt8]

        public init(name: String, publicKey: [UInt8], signature: [UInt8], message: [UInt8]) {
            self.name = name
            self.publicKey = publicKey
            self.signature = signature
            self.message = message
        }
    }

    /// A signer whose secret scalar is known, so it can sign as no honest signer would.
    public struct Signer: Sendable {
        /// The public key A = [a]B.
        public let publicKey: [UInt8]
        /// libsodium's secret key (seed, then A).
        private let secretKey: [UInt8]
        /// a, the clamped SHA-512 of the seed reduced modulo L.
        private let scalar: [UInt8]

        /// The key of `seed` (32 bytes, as `crypto_sign_seed_keypair` takes it).
        public init(seed: [UInt8]) {
            var publicKey = [UInt8](repeating: 0, count: 32)
            var secretKey = [UInt8](repeating: 0, count: 64)
            let seed32 = Array((seed + [UInt8](repeating: 0, count: 32)).prefix(32))
            crypto_sign_seed_keypair(&publicKey, &secretKey, seed32)
            var clamped = Array(Ed25519Arithmetic.sha512(seed32).prefix(32))
            clamped[0] &= 248
            clamped[31] &= 127
            clamped[31] |= 64
            self.publicKey = publicKey
            self.secretKey = secretKey
            scalar = Ed25519Arithmetic.reduce(clamped + [UInt8](repeating: 0, count: 32))
        }

        /// libsodium's (RFC 8032's) signature of `message`.
        public func sign(_ message: [UInt8]) -> [UInt8] {
            var signature = [UInt8](repeating: 0, count: 64)
            crypto_sign_detached(&signature, nil, message, UInt64(message.count), secretKey)
            return signature
        }

        /// R || r + h·a for the nonce r and the R given, h computed for `key` (this signer's
        /// unless another is named): a valid signature when R = [r]B and the key is A.
        public func sign(_ message: [UInt8], nonce r: [UInt8], point: [UInt8], key: [UInt8]? = nil) -> [UInt8] {
            let h = Ed25519Arithmetic.challenge(r: point, key: key ?? publicKey, message: message)
            return point + Ed25519Arithmetic.multiplyAdd(r, h, scalar)
        }
    }

    /// What the cases of one round start from: a signer, a message and a seed for nonces.
    public struct Base: Sendable {
        public let signer: Signer
        public let message: [UInt8]
        public let nonceSeed: [UInt8]
        /// The signer's valid signature of the message (libsodium's).
        public let signature: [UInt8]

        public init(signer: Signer, message: [UInt8], nonceSeed: [UInt8]) {
            self.signer = signer
            self.message = message
            self.nonceSeed = nonceSeed
            signature = signer.sign(message)
        }

        /// The `index`th nonce r (below L, not 0) and R = [r]B.
        func nonce(_ index: Int) -> (r: [UInt8], point: [UInt8]) {
            var counter = UInt64(index)
            while true {
                let r = Ed25519Arithmetic.reduce(Ed25519Arithmetic.sha512(nonceSeed, withUnsafeBytes(of: &counter) { Array($0) }))
                if let point = Ed25519Arithmetic.base(r) { return (r, point) }
                counter &+= 1 << 32
            }
        }
    }

    /// The classes of input.
    public enum Kind: String, CaseIterable, Sendable {
        /// Valid signatures: libsodium's, and one with a nonce of our own.
        case valid
        /// Each single bit of R flipped.
        case flippedR
        /// Each single bit of S flipped.
        case flippedS
        /// Each single bit of the key flipped, the signature kept.
        case flippedKey
        /// Each single bit of the message flipped.
        case flippedMessage
        /// S + k·L for k = 1…7: the same curve equation, S not canonical.
        case sPlusMultipleOfOrder
        /// S with bits 252…255 set.
        case sHighBits
        /// R a point of small order, canonical or not, with S kept or 0.
        case smallOrderR
        /// R encoded as y + p (y ≥ p), both signs of x.
        case nonCanonicalR
        /// The key a point of small order, canonical or not: a kept signature, R = identity and
        /// S = 0, and a forgery that satisfies R = [S]B - [h]A for that key.
        case smallOrderKey
        /// The key encoded as y + p, or with a small y, which may be off the curve.
        case oddKey
        /// R + T for each point T of small order, with S kept and with S made for the new R:
        /// the cofactorless check must refuse both (a cofactored one accepts the second).
        case torsionShiftedR
        /// The key A + T for each T of small order (mixed order): a kept signature, one made for
        /// A + T, and one made for A + T where [h]T is the identity (libsodium accepts that one).
        case mixedOrderKey
        /// All-zero and all-0xFF keys, signatures, R and S.
        case extremeEncodings
        /// A random R with a random S below L.
        case random

        /// How many cases of this kind `base` gives.
        public func count(for base: Base) -> Int {
            switch self {
            case .valid: 2
            case .flippedR, .flippedS, .flippedKey: 256
            case .flippedMessage: 8 * base.message.count
            case .sPlusMultipleOfOrder: 7
            case .sHighBits: Ed25519Cases.highBits.count
            case .smallOrderR: 2 * Ed25519Cases.smallOrderEncodings.count
            case .nonCanonicalR: 38
            case .smallOrderKey: 3 * Ed25519Cases.smallOrderEncodings.count
            case .oddKey: 38 + 34
            case .torsionShiftedR: 2 * Ed25519Arithmetic.torsionPoints.count
            case .mixedOrderKey: 3 * (Ed25519Arithmetic.torsionPoints.count - 1)
            case .extremeEncodings: 12
            case .random: 1
            }
        }
    }

    /// Bits set in S's top byte by `sHighBits`.
    static let highBits: [UInt8] = [0x10, 0x20, 0x40, 0x80, 0xe0, 0xf0]

    /// Every encoding of a point of small order: the eight canonical, the non-canonical ones.
    public static let smallOrderEncodings = Ed25519Arithmetic.torsionPoints + Ed25519Arithmetic.nonCanonicalTorsionEncodings

    /// Every case of `kind` from `base`.
    public static func all(_ kind: Kind, from base: Base) -> [Case] {
        (0..<kind.count(for: base)).map { make(kind, $0, from: base) }
    }
}
