/// Text from files, names or arguments made safe to print on one terminal line.
enum TerminalText {
    /// `text` with control characters (C0, DEL, C1 — newlines and escape sequences among them)
    /// shown as `\xNN`, so a hostile file name cannot break the line or drive the terminal.
    static func escaped(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 || (0x7f...0x9f).contains(scalar.value) {
                result += "\\x" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 2)
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}
