import CSodium
import Crypto
import Testing
@testable import HandoffCore
@testable import HandoffModel
@testable import HandoffSigning
@testable import HandoffStore

/// Per-key tables of multiples, which decide most of `verify`'s signature checks: they accept
/// every valid signature and nothing that libsodium refuses.
@Suite struct SigningSignerTablesTests {
    private func randomBytes(_ count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255) }
    }

    @Test func acceptsEveryValidSignatureAndRefusesEachCorruption() throws {
        for _ in 0..<40 {
            let key = Curve25519.Signing.PrivateKey()
            let publicKey = [UInt8](key.publicKey.rawRepresentation)
            let table = try #require(KeyTable(publicKey: publicKey))
            for round in 0..<25 {
                let message = randomBytes(round * 7)
                let signature = [UInt8](try key.signature(for: message))
                #expect(table.accepts(signature, of: message))

                var badSignature = signature
                badSignature[Int.random(in: 0..<64)] ^= 1 << UInt8.random(in: 0..<8)
                #expect(!table.accepts(badSignature, of: message))
                #expect(!table.accepts(signature, of: message + [0]))
            }
        }
    }

    @Test func refusesSignaturesOfAnotherKey() throws {
        let signer = Curve25519.Signing.PrivateKey()
        let other = try #require(KeyTable(publicKey: [UInt8](Curve25519.Signing.PrivateKey().publicKey.rawRepresentation)))
        let message = Array("a commit".utf8)
        #expect(!other.accepts([UInt8](try signer.signature(for: message)), of: message))
    }

    @Test func refusesSPlusTheGroupOrder() throws {
        let key = Curve25519.Signing.PrivateKey()
        let table = try #require(KeyTable(publicKey: [UInt8](key.publicKey.rawRepresentation)))
        for _ in 0..<20 {
            let message = randomBytes(40)
            let signature = [UInt8](try key.signature(for: message))
            let malleated = Ed25519Malleation.withSPlusGroupOrder(signature)
            #expect(table.accepts(signature, of: message))
            #expect(!table.accepts(malleated, of: message))
        }
    }

    @Test func buildsNoTableForKeysLibsodiumRefuses() {
        let neutral: [UInt8] = [1] + [UInt8](repeating: 0, count: 31)
        let orderTwo: [UInt8] = [0xec] + [UInt8](repeating: 0xff, count: 30) + [0x7f]
        let notCanonical: [UInt8] = [0xee] + [UInt8](repeating: 0xff, count: 30) + [0x7f]
        for key in [neutral, orderTwo, notCanonical, [UInt8](repeating: 0, count: 31)] {
            #expect(KeyTable(publicKey: key) == nil)
        }
    }

    @Test func agreesWithLibsodiumOnRandomSignaturesOfRealKeys() throws {
        let key = Curve25519.Signing.PrivateKey()
        let publicKey = [UInt8](key.publicKey.rawRepresentation)
        let table = try #require(KeyTable(publicKey: publicKey))
        let valid = [UInt8](try key.signature(for: [1, 2, 3]))
        for _ in 0..<500 {
            // A real R with a random S, and a random R with a real S.
            for signature in [Array(valid[0..<32]) + randomBytes(32), randomBytes(32) + Array(valid[32..<64])] {
                let sodium = crypto_sign_verify_detached(signature, [1, 2, 3], 3, publicKey) == 0
                #expect(table.accepts(signature, of: [1, 2, 3]) == sodium)
            }
        }
    }

    @Test func aKeyGetsItsTableAfterItsFirstSignatures() {
        let tables = SignerTables()
        let publicKey = [UInt8](Curve25519.Signing.PrivateKey().publicKey.rawRepresentation)
        for _ in 1..<SignerTables.signaturesBeforeTable {
            #expect(tables.table(for: publicKey) == nil)
        }
        let table = tables.table(for: publicKey)
        #expect(table != nil)
        #expect(tables.table(for: publicKey) === table)
        #expect(tables.table(for: [1] + [UInt8](repeating: 0, count: 31)) == nil)
    }
}
