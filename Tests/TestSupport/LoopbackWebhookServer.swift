import Foundation

/// A real HTTP server on 127.0.0.1 for the webhook tests: Python's `http.server`
/// (ThreadingHTTPServer) run from a script in a scratch folder, on a free port. It keeps every
/// POST (path, headers, body) as a file and answers 200 with `{"ok":true}`.
///
/// `setFailing(_:)` makes it answer another status (e.g. 503) until cleared; the requests it
/// fails are still recorded, with the status they got. `stop()` and `restart()` take it down
/// and bring it back on the same port. Not thread-safe: one test drives one server.
public final class LoopbackWebhookServer {
    private let server: LoopbackPythonServer

    /// Starts the server and waits until it listens.
    /// - Throws: `TestKeys.Failure` when python3 is missing or the server does not start.
    public init() throws {
        server = try LoopbackPythonServer(source: LoopbackWebhookScript.source)
    }

    /// The port it listens on at 127.0.0.1; the same after `restart()`.
    public var port: Int { server.port }

    /// The URL to POST to: `http://127.0.0.1:PORT/hook` (any path is accepted and recorded).
    public var url: String { "http://127.0.0.1:\(port)/hook" }

    /// The POSTs received so far, in the order they arrived (across restarts), including those
    /// answered with a failing status.
    public func requests() throws -> [ReceivedRequest] {
        try server.recordFiles(prefix: "request-").map { data in
            let record = try JSONDecoder().decode(Record.self, from: data)
            guard let body = Data(base64Encoded: record.body) else { throw TestKeys.Failure("a stored request body is not base64") }
            var headers: [String: String] = [:]
            for pair in record.headers where pair.count == 2 {
                headers[pair[0]] = headers[pair[0]].map { $0 + ", " + pair[1] } ?? pair[1]
            }
            return ReceivedRequest(path: record.path, headers: headers, body: Array(body), answeredStatus: record.status)
        }
    }

    /// Waits until at least `count` requests have arrived, polling, and returns them all.
    /// - Throws: `TestKeys.Failure` when fewer arrived within `timeout` seconds.
    public func waitForRequests(count: Int, timeout: Double = 10) throws -> [ReceivedRequest] {
        try LoopbackPythonServer.waitFor(count, "requests", timeout: timeout) { try requests() }
    }

    /// Makes the server answer every POST with `status` (e.g. 503) until called with nil; the
    /// requests are still recorded.
    public func setFailing(_ status: Int?) throws {
        try server.setFlag("failing", status.map(String.init))
    }

    /// Kills the server: connections to its port are refused until `restart()`. The requests
    /// received so far stay. Safe to call twice.
    public func stop() {
        server.stop()
    }

    /// Starts the server again on the same port after `stop()`.
    /// - Throws: `TestKeys.Failure` when it cannot listen there again.
    public func restart() throws {
        try server.restart()
    }

    /// One stored request as the script writes it.
    private struct Record: Decodable {
        let path: String
        let headers: [[String]]
        let body: String
        let status: Int
    }
}
