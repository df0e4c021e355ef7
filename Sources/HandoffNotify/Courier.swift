import Foundation
import ProgramRunner

/// Delivers the outbox's due messages: email through the server's sendmail program, webhooks
/// through curl. Secrets reach curl on its standard input, never on a command line others can
/// read in `ps`.
public struct Courier {
    /// What one run delivered.
    public struct Report: Sendable, Equatable {
        /// Messages delivered.
        public var sent = 0
        /// Messages that failed and wait for a later attempt.
        public var retrying = 0
        /// Messages set aside until `notify --retry`.
        public var held = 0
        /// One line per failure.
        public var problems = [String]()
    }

    let outbox: Outbox
    let channels: ServerChannels
    let environment: [String: String]

    /// A courier for `outbox`, sending as `channels` say, running programs with `environment`.
    public init(outbox: Outbox, channels: ServerChannels, environment: [String: String]) {
        self.outbox = outbox
        self.channels = channels
        self.environment = environment
    }

    /// Delivers every pending message due at `now` (all of them with `all`), one process at a time.
    /// - Throws: `DeliveryError.temporary` when the outbox itself cannot be read or written.
    public func deliverDue(now: Int64, all: Bool = false) throws(DeliveryError) -> Report {
        try outbox.withDeliveryLock { () throws(DeliveryError) -> Report in
            var report = Report()
            for var entry in outbox.waiting() where all || entry.nextAttempt <= now {
                if outbox.wasSent(entry) {
                    // Sent by a run that died before taking it out of pending/.
                    try outbox.recordSent(entry, now: now)
                    continue
                }
                try outbox.recordAttempt(&entry, now: now)
                do throws(DeliveryError) {
                    try send(entry)
                    try outbox.recordSent(entry, now: now)
                    report.sent += 1
                } catch {
                    try outbox.recordFailure(entry, error)
                    if case .permanent = error { report.held += 1 } else { report.retrying += 1 }
                    report.problems.append("\(entry.notice.subject.prefix(60)) → \(entry.notice.recipient ?? "team") by \(entry.channel): \(error.message)")
                }
            }
            outbox.pruneSent(now: now)
            return report
        }
    }

    /// Sends one message.
    /// - Throws: `DeliveryError` saying whether a later attempt may succeed.
    func send(_ entry: Outbox.Entry) throws(DeliveryError) {
        if entry.channel == "email" {
            guard let recipient = entry.notice.recipient else { throw .permanent("a team message has no one to mail") }
            let message = try EmailMessage.render(entry.notice, from: channels.sender, to: recipient)
            let outcome = try run("/bin/sh", ["-c", channels.sendmail], stdin: message)
            guard outcome.status == 0 else {
                throw .temporary("'\(channels.sendmail)' failed (exit \(outcome.status)): \(outcome.stderrLines.first ?? "no message")")
            }
        } else {
            try post(entry, to: try channels.webhook(entry.channel))
        }
    }

    /// POSTs `entry` to `webhook` with curl.
    private func post(_ entry: Outbox.Entry, to webhook: ServerChannels.Webhook) throws(DeliveryError) {
        let scratch: URL
        do throws(ProgramRunner.Failure) {
            scratch = try ProgramRunner.makeScratchFolder()
        } catch {
            throw .temporary(error.message)
        }
        defer { ProgramRunner.removeScratchFolder(scratch) }
        let body = WebhookPayload.body(entry.notice, format: webhook.format)
        let bodyPath = scratch.appendingPathComponent("body").path
        guard FileManager.default.createFile(atPath: bodyPath, contents: Data(body), attributes: [.posixPermissions: 0o600]) else {
            throw .temporary("cannot write the webhook's body in \(scratch.path)")
        }
        var headers = [
            "Content-Type: application/json",
            "User-Agent: handoff",
            "X-Handoff-Delivery: \(entry.notice.key)",
            "X-Handoff-Kind: \(entry.notice.kind.rawValue)",
        ]
        if let action = entry.notice.event?.action { headers.append("X-Handoff-Event: \(action)") }
        if let secret = webhook.secret { headers.append("X-Handoff-Signature-256: " + WebhookPayload.signature(of: body, secret: secret)) }
        let configuration = (["url = \(Self.quoted(webhook.url))", "request = \"POST\"", "data-binary = \(Self.quoted("@" + bodyPath))",
                              "max-time = 30", "connect-timeout = 10", "silent", "show-error", "write-out = \"%{http_code}\"",
                              "output = \"/dev/null\"", "proto = \"=http,https\""]
            + headers.map { "header = \(Self.quoted($0))" }).joined(separator: "\n") + "\n"
        let outcome = try run(channels.curl, ["--disable", "--config", "-"], stdin: Array(configuration.utf8), scratch: scratch)
        let status = Int(String(decoding: outcome.stdout, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
        if outcome.status == 0, (200..<300).contains(status) { return }
        let reason = status > 0 ? "answered HTTP \(status)" : "could not be reached (\(outcome.stderrLines.first ?? "curl exit \(outcome.status)"))"
        if (400..<500).contains(status), ![408, 425, 429].contains(status) {
            throw .permanent("webhook '\(entry.channel)' \(reason)")
        }
        throw .temporary("webhook '\(entry.channel)' \(reason)")
    }

    /// Runs `program` (a path, or a name found on PATH).
    private func run(_ program: String, _ arguments: [String], stdin: [UInt8], scratch: URL? = nil) throws(DeliveryError) -> ProgramRunner.Outcome {
        guard let executable = ProgramRunner.resolve(program, path: environment["PATH"] ?? "/usr/bin:/bin") else {
            throw .temporary("\(program) is not installed (or not on PATH)")
        }
        do throws(ProgramRunner.Failure) {
            return try ProgramRunner.run(executable, arguments, environment: environment, directory: "/", stdin: stdin, scratch: scratch)
        } catch {
            throw .temporary(error.message)
        }
    }

    /// `text` as a curl config value: in double quotes, with backslashes and quotes escaped and
    /// line breaks removed.
    static func quoted(_ text: String) -> String {
        "\"" + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "").replacingOccurrences(of: "\r", with: "") + "\""
    }
}
