extension Ed25519Cases {
    /// The `index`th case of `kind` from `base`, for `index` below `kind.count(for: base)`.
    /// (Where libsodium's point arithmetic refuses an input, which the tests check it does not,
    /// the case falls back to all-zero bytes.)
    public static func make(_ kind: Kind, _ index: Int, from base: Base) -> Case {
        let key = base.signer.publicKey, message = base.message, signature = base.signature
        let r = Array(signature.prefix(32)), s = Array(signature.suffix(32))
        let zeros = [UInt8](repeating: 0, count: 32), ones = [UInt8](repeating: 0xff, count: 32)
        func named(_ detail: String, key: [UInt8] = key, signature: [UInt8] = signature, message: [UInt8] = message) -> Case {
            Case(name: "\(kind.rawValue) #\(index): \(detail)", publicKey: key, signature: signature, message: message)
        }
        switch kind {
        case .valid:
            guard index > 0 else { return named("libsodium's signature") }
            let nonce = base.nonce(0)
            return named("a nonce of our own", signature: base.signer.sign(message, nonce: nonce.r, point: nonce.point))
        case .flippedR, .flippedS:
            var flipped = signature
            let bit = index + (kind == .flippedS ? 256 : 0)
            flipped[bit / 8] ^= 1 << (bit % 8)
            return named("bit \(index % 256) flipped", signature: flipped)
        case .flippedKey:
            var flipped = key
            flipped[index / 8] ^= 1 << (index % 8)
            return named("key bit \(index) flipped", key: flipped)
        case .flippedMessage:
            var flipped = message
            flipped[index / 8] ^= 1 << (index % 8)
            return named("message bit \(index) flipped", message: flipped)
        case .sPlusMultipleOfOrder:
            return named("S + \(index + 1)·L", signature: r + Ed25519Arithmetic.plusMultipleOfOrder(s, index + 1))
        case .sHighBits:
            var high = s
            high[31] |= highBits[index]
            return named("S's top byte | \(highBits[index])", signature: r + high)
        case .smallOrderR:
            let point = smallOrderEncodings[index / 2]
            return named("R = small-order encoding \(index / 2)\(index % 2 == 1 ? ", S = 0" : "")", signature: point + (index % 2 == 0 ? s : zeros))
        case .nonCanonicalR:
            let point = Ed25519Arithmetic.encoding(ofYPlusP: UInt8(index / 2), negativeX: index % 2 == 1)
            return named("R has y = p + \(index / 2)", signature: point + s)
        case .smallOrderKey:
            let point = smallOrderEncodings[index / 3]
            switch index % 3 {
            case 0: return named("key = small-order encoding \(index / 3)", key: point)
            case 1: return named("key = small-order encoding \(index / 3), R = identity, S = 0", key: point, signature: Ed25519Arithmetic.identity + zeros)
            default: return named("key = small-order encoding \(index / 3), forged", key: point, signature: forgery(forSmallOrderKey: point, base: base) ?? zeros + zeros)
            }
        case .oddKey:
            if index < 38 {
                return named("key has y = p + \(index / 2)", key: Ed25519Arithmetic.encoding(ofYPlusP: UInt8(index / 2), negativeX: index % 2 == 1))
            }
            let small = UInt8(2 + (index - 38) / 2)
            return named("key has y = \(small)", key: [small] + [UInt8](repeating: 0, count: 30) + [index % 2 == 1 ? 0x80 : 0])
        case .torsionShiftedR:
            let torsion = Ed25519Arithmetic.torsionPoints[index / 2]
            if index % 2 == 0 {
                return named("R + torsion point \(index / 2), S kept", signature: (Ed25519Arithmetic.add(r, torsion) ?? zeros) + s)
            }
            let nonce = base.nonce(1)
            let shifted = Ed25519Arithmetic.add(nonce.point, torsion) ?? zeros
            return named("R + torsion point \(index / 2), S made for it", signature: base.signer.sign(message, nonce: nonce.r, point: shifted))
        case .mixedOrderKey:
            let torsion = Ed25519Arithmetic.torsionPoints[1 + index / 3]
            let mixed = Ed25519Arithmetic.add(key, torsion) ?? zeros
            switch index % 3 {
            case 0: return named("key + torsion point \(1 + index / 3), signature kept", key: mixed)
            case 1:
                return named("key + torsion point \(1 + index / 3), signed for it with [h]T not the identity", key: mixed,
                             signature: mixedOrderSignature(key: mixed, torsion: torsion, cancelling: false, base: base) ?? zeros + zeros)
            default:
                return named("key + torsion point \(1 + index / 3), signed for it with [h]T = identity", key: mixed,
                             signature: mixedOrderSignature(key: mixed, torsion: torsion, cancelling: true, base: base) ?? zeros + zeros)
            }
        case .extremeEncodings:
            let pairs = [key, zeros, ones].flatMap { key in [signature, zeros + zeros, ones + ones].map { (key, $0) } }.dropFirst()
            if index < pairs.count {
                let (extremeKey, extremeSignature) = pairs[pairs.startIndex + index]
                return named("key \(extremeKey.prefix(2)), signature \(extremeSignature.prefix(2))", key: extremeKey, signature: extremeSignature)
            }
            let parts = [zeros + s, ones + s, r + zeros, r + ones]
            return named("R or S all 0 or all 0xFF", signature: parts[(index - pairs.count) % parts.count])
        case .random:
            let bytes = Ed25519Arithmetic.sha512(base.nonceSeed, [0x52])
            let point = bytes[0] & 1 == 0 ? base.nonce(3).point : Array(bytes.prefix(32))
            return named("random R and S", signature: point + Ed25519Arithmetic.reduce(Ed25519Arithmetic.sha512(bytes)))
        }
    }

    /// R || S with R = [S]B - [h]T for the small-order key T: found by trying R = [r]B - [j]T
    /// until h = SHA-512(R || T || message) has [h]T = [j]T (one in eight, for each j).
    public static func forgery(forSmallOrderKey torsion: [UInt8], base: Base) -> [UInt8]? {
        for attempt in 0..<64 {
            let nonce = base.nonce(16 + attempt)
            for j in 0..<8 {
                guard let jT = Ed25519Arithmetic.multiple(torsion, j), let point = Ed25519Arithmetic.subtract(nonce.point, jT) else { return nil }
                let h = Ed25519Arithmetic.challenge(r: point, key: torsion, message: base.message)
                if Ed25519Arithmetic.multiple(torsion, Int(h[0] & 7)) == jT { return point + nonce.r }
            }
        }
        return nil
    }

    /// The signer's signature for the mixed-order key A + T, with a nonce whose h has [h]T the
    /// identity (`cancelling`) or not. When it is, [S]B - [h](A + T) = R: a signature a
    /// cofactorless verifier accepts for a key that `crypto_core_ed25519_is_valid_point` refuses.
    static func mixedOrderSignature(key: [UInt8], torsion: [UInt8], cancelling: Bool, base: Base) -> [UInt8]? {
        for attempt in 0..<256 {
            let nonce = base.nonce(128 + attempt)
            let h = Ed25519Arithmetic.challenge(r: nonce.point, key: key, message: base.message)
            if (Ed25519Arithmetic.multiple(torsion, Int(h[0] & 7)) == Ed25519Arithmetic.identity) == cancelling {
                return base.signer.sign(base.message, nonce: nonce.r, point: nonce.point, key: key)
            }
        }
        return nil
    }
}
