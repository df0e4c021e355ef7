import Foundation
import Testing
import TestSupport
@testable import HandoffCore
@testable import HandoffModel
@testable import HandoffSigning
@testable import HandoffStore

/// The in-process Ed25519 signer against the real ssh-keygen.
@Suite struct SigningNativeTests {
    @Test func unencryptedEd25519KeyChoosesNativeSigning() throws {
        let fixture = try SigningFixture()
        defer { fixture.cleanUp() }
        let key = try TestKeys.ed25519(in: fixture.directory, name: "id_ed25519", comment: "alice@example.com")
        for configured in [key.privateKeyPath, "~/id_ed25519", "id_ed25519"] {
            let signer = try CommitSigner(setup: SigningSetup(format: .ssh, key: configured), environment: fixture.environment)
            #expect(signer.method == "native-ed25519", "for user.signingkey \(configured)")
        }
    }

    @Test func nativeSignatureIsAcceptedBySSHKeygenVerify() throws {
        let fixture = try SigningFixture()
        defer { fixture.cleanUp() }
        let key = try TestKeys.ed25519(in: fixture.directory, name: "id_ed25519", comment: "alice@example.com")
        let signer = try CommitSigner(setup: SigningSetup(format: .ssh, key: key.privateKeyPath), environment: fixture.environment)
        let signature = try signer.sign(SigningFixture.payload)
        #expect(signature.hasPrefix("-----BEGIN SSH SIGNATURE-----\n"))
        #expect(signature.hasSuffix("\n-----END SSH SIGNATURE-----"))
        let publicKey = try #require(SSHPublicKey(openSSH: key.publicKey))
        let result = try fixture.sshKeygenVerify(signature: signature, payload: SigningFixture.payload, email: "alice@example.com", key: publicKey)
        #expect(result.status == 0, "ssh-keygen said: \(result.stderrText) \(result.stdoutText)")
        #expect(result.stdoutText.contains("Good \"git\" signature for alice@example.com"))
        let tampered = SigningFixture.payload + [0x0A]
        let rejected = try fixture.sshKeygenVerify(signature: signature, payload: tampered, email: "alice@example.com", key: publicKey)
        #expect(rejected.status != 0)
    }

    @Test func nativeSignatureVerifiesNatively() throws {
        let fixture = try SigningFixture()
        defer { fixture.cleanUp() }
        let key = try TestKeys.ed25519(in: fixture.directory, name: "id_ed25519", comment: "alice@example.com")
        let signer = try CommitSigner(setup: SigningSetup(format: .ssh, key: key.privateKeyPath), environment: fixture.environment)
        let parsed = try SSHSignature(armored: try signer.sign(SigningFixture.payload))
        #expect(parsed.publicKey == SSHPublicKey(openSSH: key.publicKey))
        #expect(parsed.namespace == "git")
        #expect(parsed.hashAlgorithm == "sha512")
        #expect(parsed.signature.count == 64)
        #expect(try parsed.verify(SigningFixture.payload))
    }

    #if os(Linux)
    @Test func nativeSignatureEqualsSSHKeygenByteForByte() throws {
        let fixture = try SigningFixture()
        defer { fixture.cleanUp() }
        let key = try TestKeys.ed25519(in: fixture.directory, name: "id_ed25519", comment: "alice@example.com")
        let signer = try CommitSigner(setup: SigningSetup(format: .ssh, key: key.privateKeyPath), environment: fixture.environment)
        for payload in [SigningFixture.payload, [], Array(repeating: 0x61, count: 10_000)] {
            let native = try signer.sign(payload)
            let reference = try fixture.sshKeygenSign(payload: payload, keyPath: key.privateKeyPath)
            #expect(native + "\n" == reference)
        }
    }
    #endif
}
