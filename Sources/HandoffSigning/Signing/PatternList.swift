/// ssh's comma-separated pattern lists (match.c): `*` and `?` wildcards, `!` negates, case-sensitive.
enum PatternList {
    /// True when `text` matches some positive pattern and no negated one.
    static func matches(_ text: String, patterns: [String]) -> Bool {
        var matched = false
        for pattern in patterns {
            if pattern.hasPrefix("!") {
                if matches([UInt8](text.utf8), [UInt8](pattern.utf8.dropFirst())) { return false }
            } else if matches([UInt8](text.utf8), [UInt8](pattern.utf8)) {
                matched = true
            }
        }
        return matched
    }

    /// Wildcard match of bytes against a pattern with `*` (any run) and `?` (one byte).
    private static func matches(_ text: [UInt8], _ pattern: [UInt8]) -> Bool {
        var t = 0, p = 0
        var starPattern = -1, starText = 0
        while t < text.count {
            if p < pattern.count, pattern[p] == UInt8(ascii: "?") || pattern[p] == text[t] {
                t += 1
                p += 1
            } else if p < pattern.count, pattern[p] == UInt8(ascii: "*") {
                starPattern = p
                starText = t
                p += 1
            } else if starPattern >= 0 {
                p = starPattern + 1
                starText += 1
                t = starText
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.count
    }
}
