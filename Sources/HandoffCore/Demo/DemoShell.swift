import Foundation
import HandoffModel
import HandoffSigning
import HandoffStore

/// The few outside programs the demo runs (git, ssh-keygen), with errors that say which failed.
struct DemoShell {
    let root: String
    let environment: [String: String]
    private let scratch: URL

    init(root: String, environment: [String: String]) throws(HandoffError) {
        self.root = root
        self.environment = environment
        do {
            scratch = try SigningSubprocess.makeWorkDirectory()
        } catch {
            throw .environment(error.message)
        }
        try makeDirectory(root)
    }

    /// Runs `program` and returns its standard output (and error, when asked).
    /// - Throws: `HandoffError.environment` when it cannot start or fails.
    @discardableResult
    func run(_ program: String, _ arguments: [String], as person: [String: String]? = nil, includeErrors: Bool = false) throws(HandoffError) -> String {
        let outcome: SigningSubprocess.Outcome
        do {
            outcome = try SigningSubprocess.run(
                program, arguments, environment: person ?? environment, stdin: nil, in: scratch, setting: "PATH")
        } catch {
            throw .environment("the demo needs \(program): \(error.message)")
        }
        guard outcome.status == 0 else {
            throw .environment("the demo's '\(program) \(arguments.joined(separator: " "))' failed: \(outcome.firstErrorLine())")
        }
        let text = String(decoding: outcome.stdout, as: UTF8.self)
        return includeErrors ? text + String(decoding: outcome.stderr, as: UTF8.self) : text
    }

    func makeDirectory(_ path: String) throws(HandoffError) {
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .environment("cannot create \(path): \(error.localizedDescription)")
        }
    }

    func write(_ text: String, to path: String) throws(HandoffError) {
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8)) else {
            throw .environment("cannot write \(path)")
        }
    }
}
