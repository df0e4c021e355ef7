import Crypto
import Testing
@testable import HandoffCore
@testable import HandoffModel
@testable import HandoffSigning
@testable import HandoffStore

/// libsodium's Ed25519 check, which `verify` uses, against BoringSSL's (swift-crypto), which signs.
@Suite struct SigningEd25519VerificationTests {
    @Test func agreesWithBoringSSLOnSignaturesAndTheirCorruptions() throws {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<300 {
            let key = Curve25519.Signing.PrivateKey()
            let publicKey = [UInt8](key.publicKey.rawRepresentation)
            let message = (0..<(round % 97)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let signature = [UInt8](try key.signature(for: message))
            #expect(Ed25519Verification.isValid(signature: signature, of: message, publicKey: publicKey))

            var badSignature = signature
            badSignature[Int.random(in: 0..<64)] ^= 1 << UInt8.random(in: 0..<8)
            var badKey = publicKey
            badKey[Int.random(in: 0..<32)] ^= 1 << UInt8.random(in: 0..<8)
            var badMessage = message + [0]
            badMessage[Int.random(in: 0..<badMessage.count)] ^= 1
            for (sig, msg, pub) in [(badSignature, message, publicKey), (signature, badMessage, publicKey), (signature, message, badKey)] {
                let boringSSL = (try? Curve25519.Signing.PublicKey(rawRepresentation: pub))?.isValidSignature(sig, for: msg) ?? false
                #expect(Ed25519Verification.isValid(signature: sig, of: msg, publicKey: pub) == boringSSL)
                #expect(!boringSSL)
            }
        }
    }

    @Test func refusesAMalleatedS() throws {
        let key = Curve25519.Signing.PrivateKey()
        let message = Array("payload".utf8)
        let signature = [UInt8](try key.signature(for: message))
        let malleated = Ed25519Malleation.withSPlusGroupOrder(signature)
        #expect(Ed25519Verification.isValid(signature: signature, of: message, publicKey: [UInt8](key.publicKey.rawRepresentation)))
        #expect(!Ed25519Verification.isValid(signature: malleated, of: message, publicKey: [UInt8](key.publicKey.rawRepresentation)))
    }

    @Test func aSmallOrderKeyAuthorisesNothing() throws {
        // The neutral point as a key, with R the neutral point and S = 0, satisfies the curve
        // equation for every message; BoringSSL accepts it, libsodium refuses small-order keys.
        let neutral: [UInt8] = [1] + [UInt8](repeating: 0, count: 31)
        let forged = neutral + [UInt8](repeating: 0, count: 32)
        let message = Array("anything at all".utf8)
        #expect(try Curve25519.Signing.PublicKey(rawRepresentation: neutral).isValidSignature(forged, for: message))
        #expect(!Ed25519Verification.isValid(signature: forged, of: message, publicKey: neutral))
        #expect(!Ed25519Verification.isValid(signature: [UInt8](repeating: 0, count: 63), of: message, publicKey: neutral))
    }
}
