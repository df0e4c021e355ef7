import Foundation

/// A POST that `LoopbackWebhookServer` received, and the status it answered.
public struct ReceivedRequest: Sendable, Equatable {
    /// The request target, e.g. "/hook" or "/hook?x=1".
    public let path: String
    /// The header fields, names lowercased; a name sent twice has its values joined with ", ".
    public let headers: [String: String]
    /// The body's bytes (de-chunked when it was sent chunked).
    public let body: [UInt8]
    /// The status the server answered: 200, or what `setFailing(_:)` set.
    public let answeredStatus: Int

    /// A request with these parts.
    public init(path: String, headers: [String: String], body: [UInt8], answeredStatus: Int) {
        self.path = path
        self.headers = headers
        self.body = body
        self.answeredStatus = answeredStatus
    }

    /// The value of header `name` (case-insensitive); nil when it was not sent.
    public func header(_ name: String) -> String? {
        headers[name.lowercased()]
    }

    /// The body as UTF-8 text.
    public var bodyText: String {
        String(decoding: body, as: UTF8.self)
    }
}
