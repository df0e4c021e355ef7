import Foundation
import HandoffModel

/// A notice as an Internet message (RFC 5322, MIME plain text) for a sendmail-compatible program
/// (`sendmail -t -i`, msmtp), as git's `send-email` hands messages over.
///
/// Nothing a person typed reaches a header unchecked: addresses must be plain addresses, and the
/// subject (a task's title) loses every control character and line break before it is written,
/// in RFC 2047 encoded words when it is not ASCII, so no title or brief can add a header or a
/// recipient. The body is quoted-printable, so no line is too long and no byte is misread.
enum EmailMessage {
    /// The message's bytes, from `sender` to `recipient`.
    /// - Throws: `DeliveryError.permanent` when either address is not a plain address.
    static func render(_ notice: Notice, from sender: String, to recipient: String) throws(DeliveryError) -> [UInt8] {
        for address in [sender, recipient] where !MemberAddress.isValid(address) {
            throw .permanent("'\(address.prefix(80))' is not a plain email address, so no message is sent to or from it")
        }
        let domain = String(sender[sender.index(after: sender.lastIndex(of: "@") ?? sender.startIndex)...])
        var headers = [
            "From: handoff <\(sender)>",
            "To: <\(recipient)>",
            "Subject: " + encodedHeaderText(notice.subject, nameLength: "Subject: ".count),
            "Date: " + rfc5322Date(notice.time),
            "Message-ID: <\(notice.key)@\(domain)>",
        ]
        if let task = notice.task, isTokenSafe(task) {
            // Every message about one task names the same thread root, so mail clients show a
            // task's offer, answer and reminders as one conversation.
            headers += ["In-Reply-To: <task.\(task)@\(domain)>", "References: <task.\(task)@\(domain)>", "X-Handoff-Task: \(task)"]
        }
        headers += [
            "X-Handoff-Key: \(notice.key)",
            "Auto-Submitted: auto-generated",
            "MIME-Version: 1.0",
            "Content-Type: text/plain; charset=utf-8",
            "Content-Transfer-Encoding: quoted-printable",
        ]
        return Array((headers.joined(separator: "\n") + "\n\n").utf8) + quotedPrintable(Array(notice.body.utf8))
    }

    /// True for text of letters, digits, dots, dashes and underscores only.
    static func isTokenSafe(_ text: String) -> Bool {
        !text.isEmpty && text.unicodeScalars.allSatisfy { $0.isASCII && (CharacterSet.alphanumerics.contains($0) || ".-_".unicodeScalars.contains($0)) }
    }

    /// `text` as a header value: control characters and line breaks become spaces; plain ASCII is
    /// folded at spaces, anything else written as UTF-8 encoded words of at most 75 characters.
    static func encodedHeaderText(_ text: String, nameLength: Int) -> String {
        let cleaned = String(String.UnicodeScalarView(text.unicodeScalars.map { scalar in
            scalar.properties.generalCategory == .control || scalar.properties.generalCategory == .lineSeparator
                || scalar.properties.generalCategory == .paragraphSeparator || scalar.properties.generalCategory == .format
                ? " " : scalar
        })).split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
        if cleaned.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value < 0x7f }) && !cleaned.contains("=?") {
            return fold(cleaned.split(separator: " ").map(String.init), nameLength: nameLength)
        }
        var words = [String]()
        var chunk = ""
        for character in cleaned {
            if chunk.utf8.count + character.utf8.count > 45 {
                words.append(chunk)
                chunk = ""
            }
            chunk.append(character)
        }
        if !chunk.isEmpty { words.append(chunk) }
        return words.map { "=?UTF-8?B?" + Data($0.utf8).base64EncodedString() + "?=" }.joined(separator: "\n ")
    }

    /// Words joined by spaces, starting a new line (with a leading space) before a line would
    /// pass 78 characters.
    private static func fold(_ words: [String], nameLength: Int) -> String {
        var result = ""
        var lineLength = nameLength
        for word in words {
            if !result.isEmpty {
                if lineLength + 1 + word.count > 78 {
                    result += "\n "
                    lineLength = 1
                } else {
                    result += " "
                    lineLength += 1
                }
            }
            result += word
            lineLength += word.count
        }
        return result
    }

    /// `Fri, 04 Dec 2026 23:13:33 +0000`.
    static func rfc5322Date(_ seconds: Int64) -> String {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][Int(((days % 7) + 7) % 7)]
        let iso = Timestamp(seconds: seconds).iso8601
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let parts = iso.split(whereSeparator: { "-T:Z".contains($0) }).map(String.init)
        guard parts.count >= 6, let month = Int(parts[1]), (1...12).contains(month) else { return iso }
        return "\(weekday), \(parts[2]) \(months[month - 1]) \(parts[0]) \(parts[3]):\(parts[4]):\(parts[5]) +0000"
    }

    /// `bytes` in quoted-printable (RFC 2045): lines of at most 76 characters, line breaks kept.
    static func quotedPrintable(_ bytes: [UInt8]) -> [UInt8] {
        var output = [UInt8]()
        output.reserveCapacity(bytes.count + bytes.count / 8)
        let hex = Array("0123456789ABCDEF".utf8)
        var lineLength = 0
        func emit(_ piece: [UInt8]) {
            if lineLength + piece.count > 75 {
                output += Array("=\n".utf8)
                lineLength = 0
            }
            output += piece
            lineLength += piece.count
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let next = index + 1 < bytes.count ? bytes[index + 1] : nil
            if byte == 0x0A {
                output.append(0x0A)
                lineLength = 0
            } else if byte == 0x0D && next == 0x0A {
                // A carriage return before a line break is part of the break.
            } else if (byte == 0x20 || byte == 0x09) && next != nil && next != 0x0A && next != 0x0D {
                emit([byte])
            } else if byte >= 0x21 && byte <= 0x7E && byte != 0x3D && !(byte == 0x2E && lineLength == 0) {
                emit([byte])
            } else {
                emit([0x3D, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
            }
            index += 1
        }
        if output.last != 0x0A { output.append(0x0A) }
        return output
    }
}
