import Foundation

/// A message `LoopbackSMTPServer` accepted: its SMTP envelope and the message exactly as
/// received after DATA (dot-unstuffed, with the CRLF line endings SMTP uses on the wire).
public struct ReceivedMail: Sendable, Equatable {
    /// The envelope sender (MAIL FROM), e.g. msmtp's configured `from`.
    public let envelopeFrom: String
    /// The envelope recipients (RCPT TO), in the order they were given.
    public let recipients: [String]
    /// The message as received: header section, blank line, body, with CRLF line endings.
    public let raw: String

    /// A message with this envelope and text.
    public init(envelopeFrom: String, recipients: [String], raw: String) {
        self.envelopeFrom = envelopeFrom
        self.recipients = recipients
        self.raw = raw
    }

    /// The value of the first header field called `name` (case-insensitive), unfolded and
    /// trimmed; nil when there is none.
    public func header(_ name: String) -> String? {
        headers(name).first
    }

    /// The values of every header field called `name` (case-insensitive), in order, each
    /// unfolded (the line breaks before continuation lines removed, RFC 5322 section 2.2.3) and trimmed.
    public func headers(_ name: String) -> [String] {
        fields.compactMap { field in
            guard let colon = field.firstIndex(of: ":"),
                field[..<colon].trimmingCharacters(in: .whitespaces).lowercased() == name.lowercased()
            else { return nil }
            return field[field.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
    }

    /// Everything after the blank line that ends the header section, as received (CRLF line
    /// endings); empty when there is no blank line.
    public var body: String {
        let (_, body) = sections
        return body
    }

    /// The header fields, each unfolded onto one line; split by bytes, as Swift's String treats
    /// CR LF as one Character.
    private var fields: [String] {
        let (header, _) = sections
        var fields: [String] = []
        for line in Array(header.utf8).split(separator: 10, omittingEmptySubsequences: false) {
            let line = String(decoding: line.last == 13 ? line.dropLast() : line, as: UTF8.self)
            if let first = line.first, first == " " || first == "\t", let last = fields.popLast() {
                fields.append(last + line)
            } else if !line.isEmpty {
                fields.append(line)
            }
        }
        return fields
    }

    /// The header section and the body, split at the first empty line (CRLF CRLF or LF LF), by
    /// bytes: Swift's String treats CR LF as one Character.
    private var sections: (header: String, body: String) {
        let bytes = Array(raw.utf8)
        var index = 0
        while index < bytes.count {
            if bytes[index...].starts(with: [13, 10, 13, 10]) {
                return (String(decoding: bytes[..<index], as: UTF8.self), String(decoding: bytes[(index + 4)...], as: UTF8.self))
            }
            if bytes[index...].starts(with: [10, 10]) {
                return (String(decoding: bytes[..<index], as: UTF8.self), String(decoding: bytes[(index + 2)...], as: UTF8.self))
            }
            index += 1
        }
        return (raw, "")
    }
}
