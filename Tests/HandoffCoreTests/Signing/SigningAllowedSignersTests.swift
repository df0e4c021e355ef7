import Foundation
import Testing
import TestSupport
@testable import HandoffCore
@testable import HandoffModel
@testable import HandoffSigning
@testable import HandoffStore

/// The allowed-signers file: parsing, matching and rendering.
@Suite struct SigningAllowedSignersTests {
    /// Two real public keys to put in files.
    private func keys(_ fixture: SigningFixture) throws -> (SSHPublicKey, SSHPublicKey) {
        let first = try TestKeys.ed25519(in: fixture.directory, name: "first", comment: "a@example.com")
        let second = try TestKeys.ed25519(in: fixture.directory, name: "second", comment: "b@example.com")
        return (try #require(SSHPublicKey(openSSH: first.publicKey)), try #require(SSHPublicKey(openSSH: second.publicKey)))
    }

    @Test("a new version of the file parsed reusing the old one's lines gives what parsing it afresh gives, moved lines renumbered")
    func reusesLinesOfThePreviousVersion() throws {
        let fixture = try SigningFixture()
        defer { fixture.cleanUp() }
        let (alice, bob) = try keys(fixture)
        let old = "alice@example.com namespaces=\"git\" \(alice.openSSH)\nbob@example.com \(bob.openSSH)\n"
        let new = "# team\ncarol@example.com valid-after=\"20240101\" \(bob.openSSH)\n" + old + "eve@example.com \(alice.openSSH)\n"
        let previous = try AllowedSigners(parsing: old)
        let reused = try AllowedSigners(parsing: new, reusing: previous)
        let fresh = try AllowedSigners(parsing: new)
        #expect(reused.entries == fresh.entries)
        #expect(reused.entries.map(\.line) == [2, 3, 4, 5])
        #expect(throws: SigningError.self) { try AllowedSigners(parsing: new + "broken line\n", reusing: previous) }
    }

    @Test func parsesOptionsWildcardsAndComments() throws {
        let fixture = try SigningFixture()
        defer { fixture.cleanUp() }
        let (alice, bob) = try keys(fixture)
        let text = """
        # team keys

        alice@example.com namespaces="git" \(alice.openSSH) alice's laptop
          *@example.org,!eve@example.org NAMESPACES="git,file",valid-after="20240101",valid-before="20250101000000Z" \(bob.openSSH)
        "carol@example.com" cert-authority \(alice.openSSH)\r
        dan@example.com\t\(bob.openSSH)
        """
        let file = try AllowedSigners(parsing: text)
        #expect(file.entries.count == 4)
        let first = file.entries[0]
        #expect(first.principals == ["alice@example.com"])
        #expect(first.namespaces == ["git"])
        #expect(first.key == alice)
        #expect(first.line == 3)
        #expect(!first.certAuthority)
        let second = file.entries[1]
        #expect(second.principals == ["*@example.org", "!eve@example.org"])
        #expect(second.namespaces == ["git", "file"])
        #expect(second.validAfter == 1_704_067_200)
        #expect(second.validBefore == 1_735_689_600)
        #expect(second.line == 4)
        #expect(file.entries[2].principals == ["carol@example.com"])
        #expect(file.entries[2].certAuthority)
        #expect(file.entries[3].namespaces == nil)
        #expect(file.entries[3].line == 6)
    }

    @Test func keysMatchPrincipalNamespaceAndTime() throws {
        let fixture = try SigningFixture()
        defer { fixture.cleanUp() }
        let (alice, bob) = try keys(fixture)
        let file = try AllowedSigners(parsing: """
        alice@example.com namespaces="git" \(alice.openSSH)
        *@example.org,!eve@example.org valid-after="20240101",valid-before="20250101" \(bob.openSSH)
        ca@example.com cert-authority \(bob.openSSH)
        file@example.com namespaces="file" \(alice.openSSH)
        b?b@example.net \(bob.openSSH)
        """)
        #expect(file.keys(for: "alice@example.com") == [alice])
        #expect(file.keys(for: "ALICE@example.com").isEmpty)
        #expect(file.keys(for: "alice@example.com", namespace: "file").isEmpty)
        #expect(file.keys(for: "bob@example.org") == [bob])
        #expect(file.keys(for: "eve@example.org").isEmpty)
        #expect(file.keys(for: "bob@example.org", at: 1_704_067_200) == [bob])
        #expect(file.keys(for: "bob@example.org", at: 1_704_067_199).isEmpty)
        #expect(file.keys(for: "bob@example.org", at: 1_735_689_600) == [bob])
        #expect(file.keys(for: "bob@example.org", at: 1_735_689_601).isEmpty)
        #expect(file.keys(for: "ca@example.com").isEmpty)
        #expect(file.keys(for: "file@example.com").isEmpty)
        #expect(file.keys(for: "file@example.com", namespace: "file") == [alice])
        #expect(file.keys(for: "bob@example.net") == [bob])
        #expect(file.keys(for: "boob@example.net").isEmpty)
    }

    @Test func rejectsMalformedLinesWithTheirNumber() throws {
        let fixture = try SigningFixture()
        defer { fixture.cleanUp() }
        let (alice, _) = try keys(fixture)
        let base64 = alice.openSSH.split(separator: " ")[1]
        let bad = [
            "alice@example.com",
            "alice@example.com garbage",
            "alice@example.com ssh-ed25519 not-base64",
            "alice@example.com ssh-rsa \(base64)",
            "alice@example.com unknown=\"x\" \(alice.openSSH)",
            "alice@example.com namespaces=git \(alice.openSSH)",
            "alice@example.com namespaces=\"git \(alice.openSSH)",
            "alice@example.com valid-after=\"2024\" \(alice.openSSH)",
            "alice@example.com valid-after=\"20240230\" \(alice.openSSH)",
            "alice@example.com valid-after=\"20250101\",valid-before=\"20240101\" \(alice.openSSH)",
            "alice@example.com cert-authority=\"yes\" \(alice.openSSH)",
            "alice@example.com namespaces=\"git\",namespaces=\"git\" \(alice.openSSH)",
            "alice@example.com namespaces=\"git\", \(alice.openSSH)",
            "\"alice@example.com \(alice.openSSH)",
            "alice@example.com,,bob@example.com \(alice.openSSH)",
        ]
        for line in bad {
            let text = "# header\n\nok@example.com \(alice.openSSH)\n\(line)\n"
            let error = try #require(throws: SigningError.self, "for \(line)") { try AllowedSigners(parsing: text) }
            #expect(error.message.hasPrefix("line 4: "), "for \(line): \(error.message)")
        }
    }

    @Test func timesAreReadAsUTC() {
        #expect(AllowedSignersTime.parse("19700101") == 0)
        #expect(AllowedSignersTime.parse("20240101") == 1_704_067_200)
        #expect(AllowedSignersTime.parse("20240101Z") == 1_704_067_200)
        #expect(AllowedSignersTime.parse("202402291230") == 1_709_209_800)
        #expect(AllowedSignersTime.parse("20240229123045Z") == 1_709_209_845)
        #expect(AllowedSignersTime.parse("20230229") == nil)
        #expect(AllowedSignersTime.parse("20241301") == nil)
        #expect(AllowedSignersTime.parse("2024010112") == nil)
        #expect(AllowedSignersTime.parse("20240101246000") == nil)
        #expect(AllowedSignersTime.parse("2024-01-01") == nil)
        #expect(AllowedSignersTime.parse("") == nil)
    }

    @Test func renderedLineRoundTripsAndSSHKeygenFindsThePrincipal() throws {
        let fixture = try SigningFixture()
        defer { fixture.cleanUp() }
        let key = try TestKeys.ed25519(in: fixture.directory, name: "id_ed25519", comment: "alice@example.com")
        let alice = try #require(SSHPublicKey(openSSH: key.publicKey))
        let line = AllowedSigners.line(email: "alice@example.com", key: alice)
        #expect(line == "alice@example.com namespaces=\"git\" \(alice.openSSH)")
        let parsed = try AllowedSigners(parsing: line)
        #expect(parsed.keys(for: "alice@example.com") == [alice])
        let signer = try CommitSigner(setup: SigningSetup(format: .ssh, key: key.privateKeyPath), environment: fixture.environment)
        let signaturePath = try fixture.write(Array((try signer.sign(SigningFixture.payload) + "\n").utf8), to: "payload.sig")
        let allowedPath = try fixture.write(Array((line + "\n").utf8), to: "allowed_signers")
        let output = try TestKeys.run("ssh-keygen", ["-Y", "find-principals", "-f", allowedPath, "-s", signaturePath], environment: fixture.environment)
        #expect(output.status == 0, "ssh-keygen said: \(output.stderrText)")
        #expect(output.stdoutText.trimmingCharacters(in: .whitespacesAndNewlines) == "alice@example.com")
    }

    @Test func quotesPrincipalsThatNeedIt() throws {
        let fixture = try SigningFixture()
        defer { fixture.cleanUp() }
        let (alice, _) = try keys(fixture)
        let line = AllowedSigners.line(email: "odd name@example.com", key: alice)
        #expect(line.hasPrefix("\"odd name@example.com\" namespaces="))
        #expect(try AllowedSigners(parsing: line).keys(for: "odd name@example.com") == [alice])
    }
}
