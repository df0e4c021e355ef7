import Foundation
import Testing
import TestSupport
@testable import HandoffCore
@testable import HandoffModel
@testable import HandoffSigning
@testable import HandoffStore

/// Public key lines, fingerprints and `openssh-key-v1` private key files.
@Suite struct SigningKeyFileTests {
    @Test func fingerprintMatchesSSHKeygen() throws {
        let fixture = try SigningFixture()
        defer { fixture.cleanUp() }
        let keys = [
            try TestKeys.ed25519(in: fixture.directory, name: "id_ed25519", comment: "a@example.com"),
            try TestKeys.rsa(in: fixture.directory, name: "id_rsa", comment: "b@example.com"),
        ]
        for key in keys {
            let output = try TestKeys.run("ssh-keygen", ["-l", "-f", key.publicKeyPath], environment: fixture.environment)
            try TestKeys.check(output, "ssh-keygen -l")
            let expected = output.stdoutText.split(separator: " ")[1]
            let parsed = try #require(SSHPublicKey(openSSH: key.publicKey))
            #expect(parsed.fingerprint == String(expected))
            #expect(key.publicKey.hasPrefix(parsed.openSSH + " "))
            #expect(SSHPublicKey(blob: parsed.blob) == parsed)
        }
    }

    @Test func publicKeyLinesAreCheckedStrictly() throws {
        let fixture = try SigningFixture()
        defer { fixture.cleanUp() }
        let key = try TestKeys.ed25519(in: fixture.directory, name: "id_ed25519", comment: "a@example.com")
        let parsed = try #require(SSHPublicKey(openSSH: key.publicKey + "\r\n"))
        #expect(parsed.type == "ssh-ed25519")
        #expect(parsed.blob.count == 51)
        let base64 = parsed.openSSH.split(separator: " ")[1]
        #expect(SSHPublicKey(openSSH: "ssh-rsa \(base64)") == nil)
        #expect(SSHPublicKey(openSSH: "ssh-ed25519") == nil)
        #expect(SSHPublicKey(openSSH: "ssh-ed25519 ***") == nil)
        #expect(SSHPublicKey(openSSH: "") == nil)
        #expect(SSHPublicKey(blob: Array(parsed.blob.dropLast())) == nil)
        #expect(SSHPublicKey(blob: parsed.blob + [0]) == nil)
        #expect(SSHPublicKey(blob: [0xFF, 0xFF, 0xFF, 0xFF]) == nil)
        #expect(SSHPublicKey(blob: []) == nil)
    }

    @Test func privateKeyFilesAreClassified() throws {
        let fixture = try SigningFixture()
        defer { fixture.cleanUp() }
        let plain = try TestKeys.ed25519(in: fixture.directory, name: "plain", comment: "a@example.com")
        let locked = try TestKeys.encryptedEd25519(in: fixture.directory, name: "locked", comment: "a@example.com")
        let rsa = try TestKeys.rsa(in: fixture.directory, name: "rsa", comment: "a@example.com")

        let plainKey = try #require(OpenSSHPrivateKey(fileText: try String(contentsOfFile: plain.privateKeyPath, encoding: .utf8)))
        #expect(plainKey.cipher == "none")
        #expect(plainKey.ed25519Seed?.count == 32)
        #expect(plainKey.publicKey == SSHPublicKey(openSSH: plain.publicKey))

        let lockedKey = try #require(OpenSSHPrivateKey(fileText: try String(contentsOfFile: locked.privateKeyPath, encoding: .utf8)))
        #expect(lockedKey.isEncrypted)
        #expect(lockedKey.ed25519Seed == nil)
        #expect(lockedKey.publicKey == SSHPublicKey(openSSH: locked.publicKey))

        let rsaKey = try #require(OpenSSHPrivateKey(fileText: try String(contentsOfFile: rsa.privateKeyPath, encoding: .utf8)))
        #expect(rsaKey.ed25519Seed == nil)
        #expect(rsaKey.publicKey.type == "ssh-rsa")

        #expect(OpenSSHPrivateKey(fileText: plain.publicKey) == nil)
    }

    @Test func damagedPrivateKeysFallBackWithoutCrashing() throws {
        let fixture = try SigningFixture()
        defer { fixture.cleanUp() }
        let plain = try TestKeys.ed25519(in: fixture.directory, name: "plain", comment: "a@example.com")
        let text = try String(contentsOfFile: plain.privateKeyPath, encoding: .utf8)
        let bytes = try SSHArmor.decode(text, label: SSHArmor.privateKeyLabel, what: "test")
        for length in 0..<bytes.count {
            let truncated = SSHArmor.encode(Array(bytes.prefix(length)), label: SSHArmor.privateKeyLabel)
            #expect(OpenSSHPrivateKey(fileText: truncated)?.ed25519Seed == nil)
        }
        var generator = SplitMix64(seed: 42)
        for _ in 0..<2_000 {
            var mutated = bytes
            let index = Int(generator.next() % UInt64(mutated.count))
            mutated[index] ^= UInt8(truncatingIfNeeded: generator.next() | 1)
            _ = OpenSSHPrivateKey(fileText: SSHArmor.encode(mutated, label: SSHArmor.privateKeyLabel))
        }
        // A damaged key file still gets a signer: ssh-keygen, which will report the damage itself.
        let damagedPath = try fixture.write(Array(SSHArmor.encode(Array(bytes.prefix(100)), label: SSHArmor.privateKeyLabel, width: 70).utf8), to: "damaged")
        let signer = try CommitSigner(setup: SigningSetup(format: .ssh, key: damagedPath), environment: fixture.environment)
        #expect(signer.method == "ssh-keygen")
    }
}
