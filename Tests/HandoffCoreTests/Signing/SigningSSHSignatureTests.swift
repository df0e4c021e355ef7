import Foundation
import Testing
import TestSupport
@testable import HandoffCore
@testable import HandoffModel
@testable import HandoffSigning
@testable import HandoffStore

/// Parsing and natively verifying SSHSIG armor, including hostile input.
@Suite struct SigningSSHSignatureTests {
    /// A real ssh-keygen signature over the sample payload, with its key.
    private func referenceSignature(_ fixture: SigningFixture, extra: [String] = []) throws -> (armor: String, key: TestSSHKey) {
        let key = try TestKeys.ed25519(in: fixture.directory, name: "id_ed25519", comment: "alice@example.com")
        return (try fixture.sshKeygenSign(payload: SigningFixture.payload, keyPath: key.privateKeyPath, extra: extra), key)
    }

    @Test func parsesAndVerifiesWhatSSHKeygenMakes() throws {
        let fixture = try SigningFixture()
        defer { fixture.cleanUp() }
        let (armor, key) = try referenceSignature(fixture)
        let signature = try SSHSignature(armored: armor)
        #expect(signature.publicKey == SSHPublicKey(openSSH: key.publicKey))
        #expect(signature.namespace == "git")
        #expect(signature.hashAlgorithm == "sha512")
        #expect(signature.signatureType == "ssh-ed25519")
        #expect(signature.signature.count == 64)
        #expect(try signature.verify(SigningFixture.payload))
        #expect(signature.armored == armor)
        for index in [0, SigningFixture.payload.count / 2, SigningFixture.payload.count - 1] {
            var flipped = SigningFixture.payload
            flipped[index] ^= 0x01
            #expect(try !signature.verify(flipped))
        }
        #expect(try !signature.verify(SigningFixture.payload, namespace: "file"))
        #expect(try !signature.verify(SigningFixture.payload + [0]))
    }

    @Test func verifiesSHA256Signatures() throws {
        let fixture = try SigningFixture()
        defer { fixture.cleanUp() }
        let (armor, _) = try referenceSignature(fixture, extra: ["-O", "hashalg=sha256"])
        let signature = try SSHSignature(armored: armor)
        #expect(signature.hashAlgorithm == "sha256")
        #expect(try signature.verify(SigningFixture.payload))
    }

    @Test func toleratesCRLFAndMissingFinalNewline() throws {
        let fixture = try SigningFixture()
        defer { fixture.cleanUp() }
        let (armor, _) = try referenceSignature(fixture)
        let variants = [
            armor.replacingOccurrences(of: "\n", with: "\r\n"),
            String(armor.dropLast()),
            "\n" + armor + "\n\n",
        ]
        for variant in variants {
            #expect(try SSHSignature(armored: variant).verify(SigningFixture.payload))
        }
    }

    @Test func rejectsGarbageWithAMessage() throws {
        let fixture = try SigningFixture()
        defer { fixture.cleanUp() }
        let (armor, _) = try referenceSignature(fixture)
        let lines = armor.split(separator: "\n").map(String.init)
        let inputs = [
            "",
            "hello",
            "-----BEGIN SSH SIGNATURE-----",
            "-----BEGIN SSH SIGNATURE-----\n-----END SSH SIGNATURE-----\n",
            "-----BEGIN SSH SIGNATURE-----\n!!!!\n-----END SSH SIGNATURE-----\n",
            "-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----\n",
            "-----BEGIN PGP SIGNATURE-----\nAAAA\n-----END PGP SIGNATURE-----\n",
            lines.dropLast().joined(separator: "\n"),
            (lines.prefix(2) + lines.suffix(1)).joined(separator: "\n"),
            armor + "trailing text\n",
        ]
        for input in inputs {
            let error = try #require(throws: SigningError.self) { try SSHSignature(armored: input) }
            #expect(!error.message.isEmpty)
        }
    }

    @Test func everyTruncationOfTheBlobThrows() throws {
        let fixture = try SigningFixture()
        defer { fixture.cleanUp() }
        let (armor, _) = try referenceSignature(fixture)
        let blob = try SSHArmor.decode(armor, label: SSHArmor.signatureLabel, what: "test")
        for length in 0..<blob.count {
            let truncated = SSHArmor.encode(Array(blob.prefix(length)), label: SSHArmor.signatureLabel)
            #expect(throws: SigningError.self) { try SSHSignature(armored: truncated) }
        }
        let extended = SSHArmor.encode(blob + [0], label: SSHArmor.signatureLabel)
        #expect(throws: SigningError.self) { try SSHSignature(armored: extended) }
    }

    @Test func randomMutationsNeverCrash() throws {
        let fixture = try SigningFixture()
        defer { fixture.cleanUp() }
        let (armor, _) = try referenceSignature(fixture)
        let blob = try SSHArmor.decode(armor, label: SSHArmor.signatureLabel, what: "test")
        var generator = SplitMix64(seed: 0x5EED)
        var accepted = 0
        for _ in 0..<3_000 {
            var mutated = blob
            for _ in 0..<(1 + Int(generator.next() % 4)) {
                let index = Int(generator.next() % UInt64(mutated.count))
                switch generator.next() % 3 {
                case 0: mutated[index] = UInt8(truncatingIfNeeded: generator.next())
                case 1: mutated[index] = 0xFF
                default: mutated.insert(UInt8(truncatingIfNeeded: generator.next()), at: index)
                }
            }
            guard mutated != blob else { continue }
            let text = SSHArmor.encode(mutated, label: SSHArmor.signatureLabel)
            if let signature = try? SSHSignature(armored: text), (try? signature.verify(SigningFixture.payload)) == true {
                accepted += 1
            }
        }
        #expect(accepted == 0)
        for _ in 0..<500 {
            let length = Int(generator.next() % 300)
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next() % 128) }
            _ = try? SSHSignature(armored: String(decoding: bytes, as: UTF8.self))
            _ = try? SSHSignature(armored: "-----BEGIN SSH SIGNATURE-----\n" + String(decoding: bytes, as: UTF8.self) + "\n-----END SSH SIGNATURE-----")
        }
    }

    @Test func hugeLengthFieldsAreRejected() {
        var writer = SSHWireWriter()
        writer.writeRaw(Array("SSHSIG".utf8))
        writer.writeUInt32(1)
        writer.writeUInt32(0xFFFF_FFFF)
        writer.writeRaw([1, 2, 3])
        let armor = SSHArmor.encode(writer.bytes, label: SSHArmor.signatureLabel)
        let error = #expect(throws: SigningError.self) { try SSHSignature(armored: armor) }
        #expect(error?.message.contains("public key") == true)
    }
}

/// A tiny deterministic random number generator so mutation tests repeat exactly.
struct SplitMix64: RandomNumberGenerator {
    /// The generator's state.
    private var state: UInt64

    /// Starts from `seed`.
    init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
