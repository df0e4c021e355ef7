import Foundation

/// A moment as git records it (seconds since 1970 and a zone), rendered the ways a task file needs.
public struct Timestamp: Sendable, Equatable, Comparable {
    /// Seconds since 1970, UTC.
    public let seconds: Int64
    /// The zone offset in minutes east of UTC, as the committer's clock had it.
    public let offsetMinutes: Int32

    /// A moment at `seconds` with the given zone.
    public init(seconds: Int64, offsetMinutes: Int32 = 0) {
        self.seconds = seconds
        self.offsetMinutes = offsetMinutes
    }

    /// `2026-11-24T09:12:00Z`, as the frontmatter records times.
    public var iso8601: String {
        let parts = utcParts
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second)
    }

    /// `2026-11-24 09:12 UTC`, as log headings show times.
    public var logHeading: String {
        let parts = utcParts
        return String(format: "%04d-%02d-%02d %02d:%02d UTC", parts.year, parts.month, parts.day, parts.hour, parts.minute)
    }

    /// `2026-11`, the month folder a task created at this moment lives in.
    public var monthFolder: String {
        let parts = utcParts
        return String(format: "%04d-%02d", parts.year, parts.month)
    }

    /// Parses `2026-11-24T09:12:00Z` (and other ISO 8601 forms with a zone); nil when malformed.
    public init?(iso8601 text: String) {
        let formatter = ISO8601DateFormatter()
        guard let date = formatter.date(from: text) else { return nil }
        self.init(seconds: Int64(date.timeIntervalSince1970))
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.seconds < rhs.seconds }

    private var utcParts: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        var time = time_t(seconds)
        var broken = tm()
        gmtime_r(&time, &broken)
        return (Int(broken.tm_year) + 1900, Int(broken.tm_mon) + 1, Int(broken.tm_mday),
                Int(broken.tm_hour), Int(broken.tm_min), Int(broken.tm_sec))
    }
}
