import Foundation

/// PEM-style armor as OpenSSH writes it: a BEGIN line, base64 lines, an END line.
enum SSHArmor {
    /// The label of an SSHSIG signature block.
    static let signatureLabel = "SSH SIGNATURE"
    /// The label of an `openssh-key-v1` private key file.
    static let privateKeyLabel = "OPENSSH PRIVATE KEY"

    /// Wraps `bytes` in armor with base64 lines of `width` columns; the result ends with a newline.
    static func encode(_ bytes: [UInt8], label: String, width: Int = 70) -> String {
        let base64 = Array(Data(bytes).base64EncodedString().utf8)
        var text = "-----BEGIN \(label)-----\n"
        var start = 0
        while start < base64.count {
            let end = min(start + max(width, 1), base64.count)
            text += String(decoding: base64[start..<end], as: UTF8.self)
            text += "\n"
            start = end
        }
        text += "-----END \(label)-----\n"
        return text
    }

    /// Unwraps armor with `label`, tolerating CRLF, blank lines around it and a missing final newline.
    /// - Throws: `SigningError` saying which part is missing or malformed; `what` names the thing
    ///   being read in the message ("the SSH signature").
    static func decode(_ text: String, label: String, what: String) throws(SigningError) -> [UInt8] {
        let begin = "-----BEGIN \(label)-----"
        let end = "-----END \(label)-----"
        let bytes = Array(text.utf8)
        let lines = bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map(trimmed)
        guard let first = lines.firstIndex(where: { !$0.isEmpty }) else {
            throw SigningError("\(what) is empty")
        }
        guard lines[first].elementsEqual(begin.utf8) else {
            throw SigningError("\(what) does not start with \(begin)")
        }
        guard let last = lines[(first + 1)...].firstIndex(where: { $0.elementsEqual(end.utf8) }) else {
            throw SigningError("\(what) has no \(end) line; it may be truncated")
        }
        if lines[(last + 1)...].contains(where: { !$0.isEmpty }) {
            throw SigningError("\(what) has unexpected text after \(end)")
        }
        // Joined line by line: a lazily joined sequence fed to Data went a byte at a time.
        var joined = [UInt8]()
        joined.reserveCapacity(bytes.count)
        for line in lines[(first + 1)..<last] { joined.append(contentsOf: line) }
        let body = Data(joined)
        guard !body.isEmpty else {
            throw SigningError("\(what) has nothing between its BEGIN and END lines")
        }
        guard let data = Data(base64Encoded: body) else {
            throw SigningError("\(what) is not valid base64 between its BEGIN and END lines")
        }
        return Array(data)
    }

    /// One line without surrounding spaces, tabs and carriage returns.
    private static func trimmed(_ line: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        let isBlank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
        var bytes = line
        while let byte = bytes.first, isBlank(byte) { bytes = bytes.dropFirst() }
        while let byte = bytes.last, isBlank(byte) { bytes = bytes.dropLast() }
        return bytes
    }
}
