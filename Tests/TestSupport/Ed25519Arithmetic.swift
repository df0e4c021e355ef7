import CSodium

/// Ed25519 points and scalars through libsodium's arithmetic, for making signatures no honest
/// signer makes: R shifted by a point of small order, keys of small or mixed order, S + k·L.
///
/// libsodium 1.0.18's `crypto_core_ed25519_add` and `_sub` take any encoding of a point on the
/// curve (small order and y ≥ p included) and return canonical encodings; the tests check that
/// of the points used here.
public enum Ed25519Arithmetic {
    /// The group order L = 2^252 + 27742317777372353535851937790883648493, little-endian.
    public static let groupOrder: [UInt8] = [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
    ]

    /// The identity (0, 1), canonically encoded.
    public static let identity: [UInt8] = [1] + [UInt8](repeating: 0, count: 31)

    /// The eight points of small order (the torsion subgroup), canonically encoded: the identity,
    /// (0, -1) of order 2, (±√-1, 0) of order 4 and the four of order 8 (the y of libsodium's
    /// `ge25519_has_small_order` list).
    public static let torsionPoints: [[UInt8]] = {
        let orderEightY: [UInt8] = [
            0x26, 0xe8, 0x95, 0x8f, 0xc2, 0xb2, 0x27, 0xb0, 0x45, 0xc3, 0xf4, 0x89, 0xf2, 0xef, 0x98, 0xf0,
            0xd5, 0xdf, 0xac, 0x05, 0xd3, 0xc6, 0x33, 0x39, 0xb1, 0x38, 0x02, 0x88, 0x6d, 0x53, 0xfc, 0x05,
        ]
        let otherOrderEightY: [UInt8] = [
            0xc7, 0x17, 0x6a, 0x70, 0x3d, 0x4d, 0xd8, 0x4f, 0xba, 0x3c, 0x0b, 0x76, 0x0d, 0x10, 0x67, 0x0f,
            0x2a, 0x20, 0x53, 0xfa, 0x2c, 0x39, 0xcc, 0xc6, 0x4e, 0xc7, 0xfd, 0x77, 0x92, 0xac, 0x03, 0x7a,
        ]
        let zero = [UInt8](repeating: 0, count: 32)
        return [
            identity,
            minusOne,
            zero, withSign(zero),
            orderEightY, withSign(orderEightY),
            otherOrderEightY, withSign(otherOrderEightY),
        ]
    }()

    /// Non-canonical encodings of points of small order: x = 0 with its sign bit set, and
    /// y = p (0) and y = p + 1 (1) with either sign.
    public static let nonCanonicalTorsionEncodings: [[UInt8]] = [
        withSign(identity), withSign(minusOne),
        encoding(ofYPlusP: 0, negativeX: false), encoding(ofYPlusP: 0, negativeX: true),
        encoding(ofYPlusP: 1, negativeX: false), encoding(ofYPlusP: 1, negativeX: true),
    ]

    /// y = p - 1 = -1 with x = 0: the point of order 2.
    public static let minusOne: [UInt8] = [0xec] + [UInt8](repeating: 0xff, count: 30) + [0x7f]

    /// The non-canonical encoding y = `small` + p, for `small` in 0...18 (what stays below
    /// 2^255; larger values wrap), with x's sign bit as given.
    public static func encoding(ofYPlusP small: UInt8, negativeX: Bool) -> [UInt8] {
        [0xed &+ min(small, 18)] + [UInt8](repeating: 0xff, count: 30) + [negativeX ? 0xff : 0x7f]
    }

    /// `encoding` with x's sign bit set.
    public static func withSign(_ encoding: [UInt8]) -> [UInt8] {
        var signed = encoding
        signed[31] |= 0x80
        return signed
    }

    /// p + q; nil when either is not on the curve.
    public static func add(_ p: [UInt8], _ q: [UInt8]) -> [UInt8]? {
        var sum = [UInt8](repeating: 0, count: 32)
        return crypto_core_ed25519_add(&sum, p, q) == 0 ? sum : nil
    }

    /// p - q; nil when either is not on the curve.
    public static func subtract(_ p: [UInt8], _ q: [UInt8]) -> [UInt8]? {
        var difference = [UInt8](repeating: 0, count: 32)
        return crypto_core_ed25519_sub(&difference, p, q) == 0 ? difference : nil
    }

    /// [count]p by repeated addition (for small counts and points of small order).
    public static func multiple(_ p: [UInt8], _ count: Int) -> [UInt8]? {
        var sum: [UInt8]? = identity
        for _ in 0..<count { sum = sum.flatMap { add($0, p) } }
        return sum
    }

    /// [scalar]B for a scalar below L; nil for 0.
    public static func base(_ scalar: [UInt8]) -> [UInt8]? {
        var point = [UInt8](repeating: 0, count: 32)
        return crypto_scalarmult_ed25519_base_noclamp(&point, scalar) == 0 ? point : nil
    }

    /// SHA-512 of the concatenated parts.
    public static func sha512(_ parts: [UInt8]...) -> [UInt8] {
        var state = crypto_hash_sha512_state()
        var digest = [UInt8](repeating: 0, count: 64)
        crypto_hash_sha512_init(&state)
        for part in parts { crypto_hash_sha512_update(&state, part, UInt64(part.count)) }
        crypto_hash_sha512_final(&state, &digest)
        return digest
    }

    /// A 64-byte value reduced modulo L.
    public static func reduce(_ wide: [UInt8]) -> [UInt8] {
        var reduced = [UInt8](repeating: 0, count: 32)
        crypto_core_ed25519_scalar_reduce(&reduced, wide)
        return reduced
    }

    /// h = SHA-512(R || key || message) mod L, as a verifier computes it.
    public static func challenge(r: [UInt8], key: [UInt8], message: [UInt8]) -> [UInt8] {
        reduce(sha512(r, key, message))
    }

    /// a + b·c mod L.
    public static func multiplyAdd(_ a: [UInt8], _ b: [UInt8], _ c: [UInt8]) -> [UInt8] {
        var product = [UInt8](repeating: 0, count: 32)
        var sum = [UInt8](repeating: 0, count: 32)
        crypto_core_ed25519_scalar_mul(&product, b, c)
        crypto_core_ed25519_scalar_add(&sum, a, product)
        return sum
    }

    /// s + k·L as 32 little-endian bytes (fits for s < L and k ≤ 7).
    public static func plusMultipleOfOrder(_ s: [UInt8], _ k: Int) -> [UInt8] {
        var result = s
        for _ in 0..<k {
            var carry = 0
            for index in 0..<32 {
                let sum = Int(result[index]) + Int(groupOrder[index]) + carry
                result[index] = UInt8(sum & 0xff)
                carry = sum >> 8
            }
        }
        return result
    }
}
