/// Author and committer lines as a hostile pusher writes them: mostly `name <email> seconds
/// ±hhmm`, with each part now and then swapped for one git could read differently (extra `<`
/// or `>`, missing or doubled spaces, tabs, leading zeros, huge dates, odd zones, bytes that
/// are not UTF-8).
enum IdentityGenerator {
    /// An identity line's value (what follows `author ` or `committer `).
    static func identity(_ random: inout DifferentialRandom) -> [UInt8] {
        let odd = random.chance(1, in: 4)
        func part(_ usual: [[UInt8]], _ unusual: [[UInt8]]) -> [UInt8] {
            odd && random.chance(1, in: 6) ? random.pick(unusual) : random.pick(usual)
        }
        return part(names, oddNames) + part([[0x20]], spaces) + part([[0x3C]], opens) + part(emails, oddEmails)
            + part([[0x3E]], closes) + part([[0x20]], spaces) + part(dates, oddDates) + part([[0x20]], spaces)
            + part(zones, oddZones) + part([[]], tails)
    }

    private static func bytes(_ texts: [String]) -> [[UInt8]] { texts.map { Array($0.utf8) } }

    private static let names = bytes(["A U Thor", "Alice Example", "Zoë Müller", "bob", "C. O. Mitter"])
    private static let oddNames = bytes(["", " ", "  A", "A  ", "Ann<", "Ann>", "A\tB", "A\rB", "Ann <x> y", "A\u{7f}", "<", ">", "a@b"])
        + [[0xFF, 0x41], [0x41, 0xC3], [0xC3, 0x28]]
    private static let spaces = bytes(["", "  ", "\t", " \t", "\u{a0}"])
    private static let opens = bytes(["", "<<", "< ", "\t<"])
    private static let closes = bytes(["", ">>", " >", "> "])
    private static let emails = bytes(["a@example.com", "alice@example.com", "zoë@example.org", "b"])
    private static let oddEmails = bytes(["", "a<b@x", "a>b@x", "a b@x", " a@x", "a@x ", "a@x\t", "a@x>y<z"]) + [[0x61, 0xFF, 0x40, 0x78]]
    private static let dates = bytes(["1700000000", "1234567890", "0", "1"])
    private static let oddDates = bytes([
        "", "01", "00", "-1", "+5", "1.5", "1e9", "9223372036854775807", "9223372036854775808",
        "18446744073709551615", "18446744073709551616", "99999999999999999999999", "17000000000000", " 1", "0x10",
    ])
    private static let zones = bytes(["+0000", "+0100", "-0700", "+0530", "-0000"])
    private static let oddZones = bytes([
        "", "0000", "+000", "+00000", "Z", "+01:00", "+1399", "+9999", "-9999", "+2400", "++100", "+-100", "+ 100", "+01a0", "UTC",
    ])
    private static let tails = bytes([" ", " extra", ">", "\t", " +0000", "\r"])
}
