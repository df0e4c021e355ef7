import Foundation

/// A real SMTP server on 127.0.0.1 for the notification tests: Debian's aiosmtpd
/// (`apt-get install python3-aiosmtpd`) run from a script in a scratch folder, on a free port.
/// It accepts every message (no TLS, no AUTH) and keeps each, with its envelope, as a file.
///
/// `stop()` and `restart()` take it down and bring it back on the same port, so a delivery
/// fails (msmtp cannot connect) and a retry succeeds; `setFailing(_:)` keeps it up but makes
/// it refuse messages with an SMTP reply such as 451. Not thread-safe: one test drives one server.
public final class LoopbackSMTPServer {
    /// The envelope sender the msmtp configuration of `sendmailCommand(in:)` uses.
    public static let envelopeFrom = "handoff@localhost"

    private let server: LoopbackPythonServer

    /// Starts the server and waits until it listens.
    /// - Throws: `TestKeys.Failure` when python3 or aiosmtpd is missing or it does not start.
    public init() throws {
        server = try LoopbackPythonServer(source: LoopbackSMTPScript.source)
    }

    /// The port it listens on at 127.0.0.1; the same after `restart()`.
    public var port: Int { server.port }

    /// The messages accepted so far, in the order they arrived (across restarts).
    public func messages() throws -> [ReceivedMail] {
        try server.recordFiles(prefix: "mail-").map { data in
            let record = try JSONDecoder().decode(Record.self, from: data)
            guard let raw = Data(base64Encoded: record.raw) else { throw TestKeys.Failure("a stored message is not base64") }
            return ReceivedMail(envelopeFrom: record.from, recipients: record.recipients, raw: String(decoding: raw, as: UTF8.self))
        }
    }

    /// Waits until at least `count` messages have arrived, polling, and returns them all.
    /// - Throws: `TestKeys.Failure` when fewer arrived within `timeout` seconds.
    public func waitForMessages(count: Int, timeout: Double = 10) throws -> [ReceivedMail] {
        try LoopbackPythonServer.waitFor(count, "messages", timeout: timeout) { try messages() }
    }

    /// Writes an msmtp configuration for this server into `folder` (`msmtprc`, mode 0600, as
    /// msmtp requires) and returns the sendmail command that uses it:
    /// `[msmtp, "-C", path, "-t", "-i"]`. `-t` takes the envelope recipients from To, Cc and
    /// Bcc (and removes Bcc); `-i` is accepted and ignored by msmtp, which never ends input at
    /// a lone "." line. The envelope sender is `envelopeFrom`; msmtp adds Date and Message-ID
    /// when the message has none.
    /// - Throws: `TestKeys.Failure` when msmtp is not installed.
    public func sendmailCommand(in folder: URL) throws -> [String] {
        let msmtp = try TestKeys.executable("msmtp")
        let configuration = folder.appendingPathComponent("msmtprc")
        let text = """
            # msmtp for LoopbackSMTPServer: plain SMTP on loopback, no TLS, no authentication.
            defaults
            tls off
            auth off
            syslog off
            timeout 10
            account default
            host 127.0.0.1
            port \(port)
            domain localhost
            from \(Self.envelopeFrom)

            """
        try text.write(to: configuration, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: configuration.path)
        return [msmtp, "-C", configuration.path, "-t", "-i"]
    }

    /// Makes the server answer DATA with `reply` (e.g. "451 4.3.0 try again later") and store
    /// nothing, until called with nil.
    public func setFailing(_ reply: String?) throws {
        try server.setFlag("failing", reply)
    }

    /// Kills the server: connections to its port are refused until `restart()`. The messages
    /// received so far stay. Safe to call twice.
    public func stop() {
        server.stop()
    }

    /// Starts the server again on the same port after `stop()`.
    /// - Throws: `TestKeys.Failure` when it cannot listen there again.
    public func restart() throws {
        try server.restart()
    }

    /// One stored message as the script writes it.
    private struct Record: Decodable {
        let from: String
        let recipients: [String]
        let raw: String
    }
}
