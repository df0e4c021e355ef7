import Crypto
import Foundation

extension ReceivedRequest {
    /// The header that carries handoff's webhook signature, as GitHub's `X-Hub-Signature-256`.
    public static let signatureHeader = "x-handoff-signature-256"

    /// Whether header `header` is "sha256=" and the hex HMAC-SHA256 of the body under `secret`
    /// (compared in constant time; hex digits in either case).
    public func hmacSHA256Matches(secret: String, header: String = Self.signatureHeader) -> Bool {
        guard let value = self.header(header), value.hasPrefix("sha256="),
            let mac = Self.bytes(hex: value.dropFirst("sha256=".count)), mac.count == SHA256.byteCount
        else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(mac, authenticating: body, using: SymmetricKey(data: Array(secret.utf8)))
    }

    /// The bytes `hex` spells, two digits each; nil when it is not hex or has an odd length.
    private static func bytes(hex: Substring) -> [UInt8]? {
        let digits = Array(hex.utf8)
        let isHex = { (digit: UInt8) in (48...57).contains(digit) || (65...70).contains(digit) || (97...102).contains(digit) }
        guard digits.count % 2 == 0, digits.allSatisfy(isHex) else { return nil }
        var bytes: [UInt8] = []
        var index = 0
        while index < digits.count {
            guard let pair = UInt8(String(decoding: digits[index..<(index + 2)], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(pair)
            index += 2
        }
        return bytes
    }
}
