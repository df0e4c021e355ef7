/// "Did you mean …?": the closest of known names to what was typed, as git suggests commands.
enum Suggestion {
    /// The candidate closest to `typed` (at most two edits away, or the one whose name or
    /// local part starts with it); nil when none is close.
    static func closest(to typed: String, in candidates: [String]) -> String? {
        let lowered = typed.lowercased()
        if let prefixed = candidates.first(where: { $0.lowercased().hasPrefix(lowered + "@") || ($0.lowercased().hasPrefix(lowered) && lowered.count >= 3) }) {
            return prefixed
        }
        let scored = candidates.map { ($0, distance(lowered, $0.lowercased())) }.filter { $0.1 <= 2 }
        return scored.min { $0.1 < $1.1 }?.0
    }

    /// The Levenshtein distance between `a` and `b` (insertions, deletions, substitutions).
    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for i in 1...a.count {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            previous = current
        }
        return previous[b.count]
    }
}
