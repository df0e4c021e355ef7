import Foundation
import Testing
import TestSupport
@testable import HandoffCore
@testable import HandoffModel
@testable import HandoffSigning
@testable import HandoffStore

/// Keys the native path cannot use, signed through ssh-keygen (and ssh-agent) as git does.
@Suite struct SigningSSHKeygenTests {
    @Test func encryptedKeySignsThroughSSHKeygenAndAgent() throws {
        let fixture = try SigningFixture()
        defer { fixture.cleanUp() }
        let key = try TestKeys.encryptedEd25519(in: fixture.directory, name: "id_secret", comment: "bob@example.com", passphrase: "secret")
        let agent = try TestSSHAgent(in: fixture.directory, environment: fixture.environment)
        defer { agent.stop() }
        try agent.add(key)
        let publicKey = try #require(SSHPublicKey(openSSH: key.publicKey))
        for configured in [key.publicKeyPath, key.privateKeyPath] {
            let signer = try CommitSigner(setup: SigningSetup(format: .ssh, key: configured), environment: agent.environment)
            #expect(signer.method == "ssh-keygen")
            let signature = try signer.sign(SigningFixture.payload)
            #expect(!signature.hasSuffix("\n"))
            let parsed = try SSHSignature(armored: signature)
            #expect(parsed.publicKey == publicKey)
            #expect(try parsed.verify(SigningFixture.payload))
            let result = try fixture.sshKeygenVerify(signature: signature, payload: SigningFixture.payload, email: "bob@example.com", key: publicKey)
            #expect(result.status == 0, "ssh-keygen said: \(result.stderrText)")
        }
    }

    @Test func literalKeySignsThroughAgent() throws {
        let fixture = try SigningFixture()
        defer { fixture.cleanUp() }
        let key = try TestKeys.encryptedEd25519(in: fixture.directory, name: "id_literal", comment: "carol@example.com")
        let agent = try TestSSHAgent(in: fixture.directory, environment: fixture.environment)
        defer { agent.stop() }
        try agent.add(key)
        let publicKey = try #require(SSHPublicKey(openSSH: key.publicKey))
        let signer = try CommitSigner(setup: SigningSetup(format: .ssh, key: "key::" + key.publicKey), environment: agent.environment)
        #expect(signer.method == "ssh-keygen")
        let signature = try signer.sign(SigningFixture.payload)
        #expect(try SSHSignature(armored: signature).verify(SigningFixture.payload))
        let result = try fixture.sshKeygenVerify(signature: signature, payload: SigningFixture.payload, email: "carol@example.com", key: publicKey)
        #expect(result.status == 0, "ssh-keygen said: \(result.stderrText)")
    }

    @Test func literalKeyWithoutAgentSaysToLoadIt() throws {
        let fixture = try SigningFixture()
        defer { fixture.cleanUp() }
        let key = try TestKeys.ed25519(in: fixture.directory, name: "id_ed25519", comment: "carol@example.com")
        let signer = try CommitSigner(setup: SigningSetup(format: .ssh, key: "key::" + key.publicKey), environment: fixture.environment)
        let error = try #require(throws: SigningError.self) { try signer.sign(SigningFixture.payload) }
        #expect(error.message.contains("ssh-agent"))
        #expect(error.message.contains("user.signingkey"))
    }

    @Test func rsaKeySignsThroughSSHKeygen() throws {
        let fixture = try SigningFixture()
        defer { fixture.cleanUp() }
        let key = try TestKeys.rsa(in: fixture.directory, name: "id_rsa", comment: "dave@example.com")
        let signer = try CommitSigner(setup: SigningSetup(format: .ssh, key: key.privateKeyPath), environment: fixture.environment)
        #expect(signer.method == "ssh-keygen")
        let signature = try signer.sign(SigningFixture.payload)
        let publicKey = try #require(SSHPublicKey(openSSH: key.publicKey))
        let result = try fixture.sshKeygenVerify(signature: signature, payload: SigningFixture.payload, email: "dave@example.com", key: publicKey)
        #expect(result.status == 0, "ssh-keygen said: \(result.stderrText)")
        let parsed = try SSHSignature(armored: signature)
        #expect(parsed.publicKey.type == "ssh-rsa")
        #expect(parsed.signatureType == "rsa-sha2-512")
        #expect(throws: SigningError.self) { try parsed.verify(SigningFixture.payload) }
    }

    @Test func missingKeysAndProgramsGiveActionableErrors() throws {
        let fixture = try SigningFixture()
        defer { fixture.cleanUp() }
        let none = try #require(throws: SigningError.self) {
            try CommitSigner(setup: SigningSetup(format: .ssh, key: nil), environment: fixture.environment)
        }
        #expect(none.message.contains("user.signingkey"))
        let blank = try #require(throws: SigningError.self) {
            try CommitSigner(setup: SigningSetup(format: .openpgp, key: "  "), environment: fixture.environment)
        }
        #expect(blank.message.contains("user.signingkey"))
        let missing = try #require(throws: SigningError.self) {
            try CommitSigner(setup: SigningSetup(format: .ssh, key: "~/.ssh/nope"), environment: fixture.environment)
        }
        #expect(missing.message.contains(fixture.path(".ssh/nope")))
        let badLiteral = try #require(throws: SigningError.self) {
            try CommitSigner(setup: SigningSetup(format: .ssh, key: "key::ssh-ed25519 not-base64"), environment: fixture.environment)
        }
        #expect(badLiteral.message.contains("key::"))
        let key = try TestKeys.rsa(in: fixture.directory, name: "id_rsa", comment: "dave@example.com")
        let signer = try CommitSigner(setup: SigningSetup(format: .ssh, key: key.privateKeyPath, sshProgram: fixture.path("no-such-ssh-keygen")), environment: fixture.environment)
        let noProgram = try #require(throws: SigningError.self) { try signer.sign(SigningFixture.payload) }
        #expect(noProgram.message.contains("gpg.ssh.program"))
    }

    @Test func sshKeygenFailureQuotesItsErrorAndTheKey() throws {
        let fixture = try SigningFixture()
        defer { fixture.cleanUp() }
        let key = try TestKeys.encryptedEd25519(in: fixture.directory, name: "id_locked", comment: "erin@example.com")
        let signer = try CommitSigner(setup: SigningSetup(format: .ssh, key: key.publicKeyPath), environment: fixture.environment)
        let error = try #require(throws: SigningError.self) { try signer.sign(SigningFixture.payload) }
        #expect(error.message.hasPrefix("ssh-keygen could not sign with \(key.publicKeyPath): "))
        #expect(!error.message.contains("Signing file"))
        #expect(error.message.contains("user.signingkey"))
    }
}
