import CEd25519
import CSodium
import Testing
import TestSupport
@testable import HandoffCore
@testable import HandoffModel
@testable import HandoffSigning
@testable import HandoffStore

/// The tables of multiples against libsodium, the reference, on valid signatures and on every
/// class of corruption, malleation and forgery: no table accepts what libsodium refuses, and the
/// final answer (`Ed25519Verification` with the key's table built) is libsodium's on every case.
/// With the `ed25519` fuzz target, this is what guards the tables.
@Suite struct SigningTablesDifferentialTests {
    /// Rounds of four signers, each with two messages (one empty).
    static let bases: [Ed25519Cases.Base] = (0..<4).flatMap { signer in
        [[], Array("tree 4b825dc6\nauthor Alice <alice@example.com> 1700000000 +0000\n\nhandoff \(signer)\n".utf8)].map { message in
            Ed25519Cases.Base(signer: Ed25519Cases.Signer(seed: [UInt8(signer), 0x5e, 0xed]), message: message, nonceSeed: [UInt8(signer), UInt8(message.count & 0xff)])
        }
    }

    /// libsodium's verdict on every case of `kind` from `bases`, after checking each case's
    /// verdicts agree; the differentials are kept per key.
    private func verdicts(of kind: Ed25519Cases.Kind, from bases: [Ed25519Cases.Base] = bases) throws -> [(Ed25519Cases.Case, Ed25519TableDifferential.Verdicts)] {
        var differentials = [[UInt8]: Ed25519TableDifferential]()
        var results = [(Ed25519Cases.Case, Ed25519TableDifferential.Verdicts)]()
        for base in bases {
            for testCase in Ed25519Cases.all(kind, from: base) {
                let differential = try differentials[testCase.publicKey] ?? #require(Ed25519TableDifferential(publicKey: testCase.publicKey))
                differentials[testCase.publicKey] = differential
                #expect(differential.hasCTable == differential.keyIsValidPoint, "\(testCase.name): C table built: \(differential.hasCTable)")
                #expect(differential.hasKeyTable == differential.keyIsValidPoint, "\(testCase.name): KeyTable built: \(differential.hasKeyTable)")
                let verdicts = try #require(differential.compare(signature: testCase.signature, message: testCase.message))
                #expect(verdicts.disagreement == nil, "\(testCase.name): \(verdicts)")
                // For keys of prime order the tables decide exactly as libsodium: none of these
                // cases should need the fallback.
                if differential.keyIsValidPoint {
                    #expect(verdicts.cTable == verdicts.libsodium && verdicts.keyTable == verdicts.libsodium, "\(testCase.name): \(verdicts)")
                }
                results.append((testCase, verdicts))
            }
        }
        return results
    }

    @Test(arguments: Ed25519Cases.Kind.allCases)
    func tablesAndFinalAnswerAgreeWithLibsodium(on kind: Ed25519Cases.Kind) throws {
        let results = try verdicts(of: kind)
        #expect(!results.isEmpty)
        for (testCase, verdicts) in results {
            switch kind {
            case .valid:
                #expect(verdicts.libsodium && verdicts.cTable == true && verdicts.keyTable == true, "\(testCase.name): \(verdicts)")
            case .torsionShiftedR:
                // Only the shift by the identity (torsion point 0) leaves a valid signature.
                #expect(verdicts.libsodium == testCase.name.hasPrefix("torsionShiftedR #0:") || testCase.name.hasPrefix("torsionShiftedR #1:"), "\(testCase.name): \(verdicts)")
            case .mixedOrderKey:
                // libsodium accepts a mixed-order key when [h]T vanishes; no table is built for it.
                #expect(verdicts.libsodium == testCase.name.hasSuffix("with [h]T = identity"), "\(testCase.name): \(verdicts)")
                #expect(verdicts.cTable == nil && verdicts.keyTable == nil, "\(testCase.name): \(verdicts)")
            default:
                #expect(!verdicts.libsodium, "\(testCase.name): \(verdicts)")
            }
        }
    }

    @Test func manyKeysAndMessagesAreAcceptedByTablesAndLibsodiumAlike() throws {
        var bases = [Ed25519Cases.Base]()
        for signer in 0..<48 {
            let seed = Ed25519Arithmetic.sha512([UInt8(signer)])
            let message: [UInt8] = (0..<(signer * 13 % 300)).map { UInt8(truncatingIfNeeded: $0 * 31 + signer) }
            bases.append(Ed25519Cases.Base(signer: Ed25519Cases.Signer(seed: seed), message: message, nonceSeed: [UInt8(signer)]))
        }
        let results = try verdicts(of: .valid, from: bases) + verdicts(of: .random, from: bases)
        for (testCase, verdicts) in results {
            let isValidCase = testCase.name.hasPrefix("valid")
            #expect(verdicts.libsodium == isValidCase, "\(testCase.name): \(verdicts)")
        }
    }

    @Test func smallOrderKeysGetNoTableThoughTheirForgeriesSatisfyTheEquation() throws {
        // Before the C code checked a key's order itself, its table of the identity or of a point
        // of order 8 accepted these forgeries, which libsodium refuses (its key check): only the
        // Swift layer's crypto_core_ed25519_is_valid_point stood between them and `verify`.
        for base in Self.bases {
            for point in Ed25519Cases.smallOrderEncodings {
                let table = handoff_ed25519_table_new(point)
                #expect(table == nil, "a table for small-order encoding \(point)")
                handoff_ed25519_table_free(table)
                let forged = try #require(Ed25519Cases.forgery(forSmallOrderKey: point, base: base))
                let h = Ed25519Arithmetic.challenge(r: Array(forged.prefix(32)), key: point, message: base.message)
                // The forgery satisfies R = [S]B - [h]T, as a table built for T would find.
                let sB = try #require(Ed25519Arithmetic.base(Array(forged.suffix(32))))
                let hT = try #require(Ed25519Arithmetic.multiple(point, Int(h[0] & 7)))
                #expect(Ed25519Arithmetic.subtract(sB, hT) == Array(forged.prefix(32)))
                #expect(crypto_sign_verify_detached(forged, base.message, UInt64(base.message.count), point) != 0)
            }
        }
    }

    @Test func mixedOrderKeysGetNoTable() throws {
        for base in Self.bases {
            for torsion in Ed25519Arithmetic.torsionPoints.dropFirst() {
                let mixed = try #require(Ed25519Arithmetic.add(base.signer.publicKey, torsion))
                #expect(crypto_core_ed25519_is_valid_point(mixed) == 0)
                let table = handoff_ed25519_table_new(mixed)
                #expect(table == nil)
                handoff_ed25519_table_free(table)
            }
        }
    }

    @Test func theTorsionPointsAreTheEightPointsOfSmallOrder() throws {
        let points = Ed25519Arithmetic.torsionPoints
        #expect(Set(points.map { $0.map(String.init).joined(separator: ",") }).count == 8)
        for point in points + Ed25519Arithmetic.nonCanonicalTorsionEncodings {
            #expect(crypto_core_ed25519_is_valid_point(point) == 0)
            // On the curve (libsodium adds it), and [8]T is the identity.
            #expect(try #require(Ed25519Arithmetic.multiple(point, 8)) == Ed25519Arithmetic.identity)
        }
        // Every point of order 8 generates them all.
        let generated = try (0..<8).map { try #require(Ed25519Arithmetic.multiple(points[4], $0)) }
        #expect(Set(generated.map { $0.map(String.init).joined(separator: ",") }) == Set(points.map { $0.map(String.init).joined(separator: ",") }))
        // R + T - T = R for a real R.
        let r = Array(Self.bases[0].signature.prefix(32))
        for torsion in points {
            let shifted = try #require(Ed25519Arithmetic.add(r, torsion))
            #expect(Ed25519Arithmetic.subtract(shifted, torsion) == r)
            #expect((shifted == r) == (torsion == Ed25519Arithmetic.identity))
        }
    }
}
