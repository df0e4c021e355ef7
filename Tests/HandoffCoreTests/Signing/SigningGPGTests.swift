import Foundation
import Testing
import TestSupport
@testable import HandoffCore
@testable import HandoffModel
@testable import HandoffSigning
@testable import HandoffStore

/// gpg.format=openpgp signing with a key made in a temporary GNUPGHOME.
@Suite struct SigningGPGTests {
    @Test func gpgSignsAndGPGVerifyAcceptsIt() throws {
        let fixture = try SigningFixture()
        defer { fixture.cleanUp() }
        let home = fixture.directory.appendingPathComponent("gnupg")
        defer { TestKeys.stopGPGAgent(home: home) }
        let fingerprint = try TestKeys.gpg(home: home, email: "frank@example.com")
        let environment = TestKeys.gpgEnvironment(home: home)
        for configured in [fingerprint, "frank@example.com"] {
            let signer = try CommitSigner(setup: SigningSetup(format: .openpgp, key: configured), environment: environment)
            #expect(signer.method == "gpg")
            let signature = try signer.sign(SigningFixture.payload)
            #expect(signature.hasPrefix("-----BEGIN PGP SIGNATURE-----"))
            #expect(signature.hasSuffix("-----END PGP SIGNATURE-----"))
            let signaturePath = try fixture.write(Array((signature + "\n").utf8), to: "payload.asc")
            let payloadPath = try fixture.write(SigningFixture.payload, to: "payload")
            let good = try TestKeys.run("gpg", ["--batch", "--status-fd=1", "--verify", signaturePath, payloadPath], environment: environment)
            #expect(good.status == 0, "gpg said: \(good.stderrText)")
            #expect(good.stdoutText.contains("[GNUPG:] GOODSIG"))
            let tamperedPath = try fixture.write(SigningFixture.payload + [0x0A], to: "tampered")
            let bad = try TestKeys.run("gpg", ["--batch", "--verify", signaturePath, tamperedPath], environment: environment)
            #expect(bad.status != 0)
        }
    }

    @Test func gpgWithoutTheSecretKeySaysSo() throws {
        let fixture = try SigningFixture()
        defer { fixture.cleanUp() }
        let home = fixture.directory.appendingPathComponent("gnupg")
        defer { TestKeys.stopGPGAgent(home: home) }
        try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let signer = try CommitSigner(setup: SigningSetup(format: .openpgp, key: "nobody@example.com"), environment: TestKeys.gpgEnvironment(home: home))
        let error = try #require(throws: SigningError.self) { try signer.sign(SigningFixture.payload) }
        #expect(error.message.hasPrefix("gpg could not sign with key nobody@example.com: "))
        #expect(error.message.contains("user.signingkey"))
    }
}
