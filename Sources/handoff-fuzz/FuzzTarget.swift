import Foundation
import HandoffCore
import Yams

/// The parsers fuzzed, each a function of arbitrary bytes that must return (accept or refuse
/// the input) and never crash, hang or break one of the checks below.
enum FuzzTarget: String, CaseIterable {
    /// Task files: `TaskDocument` splitting and YAML frontmatter, `HandoffTask` fields, and the
    /// surgical editor: after an edit a valid file stays valid and reads back what was written.
    case frontmatter
    /// Briefs: `Brief(markdown:)` and its section checks.
    case brief
    /// `.handoff/allowed_signers`: `AllowedSigners(parsing:)`.
    case allowedSigners = "allowed-signers"
    /// SSH signatures: the armor (`SSHSignature(armored:)`) and, wrapped in valid armor, the SSHSIG blob.
    case sshsig
    /// Ed25519's tables of multiples against libsodium (`Ed25519Fuzz`): each input is one check,
    /// and a table accepting what libsodium refuses, or a final answer not libsodium's, stops it.
    case ed25519

    /// Runs the target on one input; a broken check stops the process with the input's description.
    func run(_ bytes: [UInt8]) {
        switch self {
        case .frontmatter: Self.frontmatter(bytes)
        case .brief: Self.brief(bytes)
        case .allowedSigners: _ = try? AllowedSigners(parsing: String(decoding: bytes, as: UTF8.self))
        case .sshsig: Self.sshsig(bytes)
        case .ed25519: Ed25519Fuzz.run(bytes)
        }
    }

    private static func frontmatter(_ bytes: [UInt8]) {
        guard var document = try? TaskDocument(bytes: bytes, path: "tasks/2026-11/HO-FUZZ.md") else { return }
        _ = try? HandoffTask(document: document)
        document.setField("fuzzed", to: "value: with # and 'quotes'")
        document.setMapping("offer", to: [("to", "bob@example.com"), ("brief", "line \"one\"")])
        document.setFlowList("labels", to: ["a, b", "[c]"])
        document.appendToBody("### note\n\ntext\n")
        let edited: TaskDocument
        do {
            edited = try TaskDocument(bytes: document.bytes, path: document.path)
        } catch {
            fatalError("an edit made a valid task file invalid (\(error.message)): \(String(decoding: bytes, as: UTF8.self).debugDescription) became \(String(decoding: document.bytes, as: UTF8.self).debugDescription)")
        }
        guard let mapping = try? edited.frontmatter(), mapping["fuzzed"]?.string == "value: with # and 'quotes'" else {
            fatalError("an edited field does not read back: \(String(decoding: edited.bytes, as: UTF8.self).debugDescription)")
        }
        var removed = edited
        removed.removeField("offer")
        guard (try? TaskDocument(bytes: removed.bytes, path: removed.path)) != nil else {
            fatalError("removing a field made a valid task file invalid: \(String(decoding: edited.bytes, as: UTF8.self).debugDescription)")
        }
    }

    private static func brief(_ bytes: [UInt8]) {
        let brief = Brief(markdown: String(decoding: bytes, as: UTF8.self))
        _ = brief.missingSections(["Summary", "Open items", "Risks", "Next steps"])
    }

    private static func sshsig(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        if let signature = try? SSHSignature(armored: text) { _ = try? signature.verify(bytes) }
        let armored = "-----BEGIN SSH SIGNATURE-----\n" + Data(bytes).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
            + "\n-----END SSH SIGNATURE-----\n"
        if let signature = try? SSHSignature(armored: armored) { _ = try? signature.verify(bytes) }
    }
}
