import Foundation

/// A moment as git records it (seconds since 1970 and a zone), rendered the ways a task file needs.
public struct Timestamp: Sendable, Equatable, Comparable {
    /// Seconds since 1970, UTC.
    public let seconds: Int64
    /// The zone offset in minutes east of UTC, as the committer's clock had it.
    public let offsetMinutes: Int32

    /// The last second of the year 9999: the latest moment handoff records (as git's commit
    /// time and as an ISO 8601 date of four-digit years in task files).
    public static let latestRecordable: Int64 = 253_402_300_799

    /// A moment at `seconds` with the given zone.
    public init(seconds: Int64, offsetMinutes: Int32 = 0) {
        self.seconds = seconds
        self.offsetMinutes = offsetMinutes
    }

    /// `2026-11-24T09:12:00Z`, as the frontmatter records times.
    public var iso8601: String {
        let parts = utcParts
        return Self.padded(parts.year, 4) + "-" + Self.padded(parts.month, 2) + "-" + Self.padded(parts.day, 2) + "T"
            + Self.padded(parts.hour, 2) + ":" + Self.padded(parts.minute, 2) + ":" + Self.padded(parts.second, 2) + "Z"
    }

    /// `2026-11-24 09:12 UTC`, as log headings show times.
    public var logHeading: String {
        let parts = utcParts
        return Self.padded(parts.year, 4) + "-" + Self.padded(parts.month, 2) + "-" + Self.padded(parts.day, 2) + " "
            + Self.padded(parts.hour, 2) + ":" + Self.padded(parts.minute, 2) + " UTC"
    }

    /// `2026-11`, the month folder a task created at this moment lives in.
    public var monthFolder: String {
        let parts = utcParts
        return Self.padded(parts.year, 4) + "-" + Self.padded(parts.month, 2)
    }

    /// Parses `2026-11-24T09:12:00Z` (and other ISO 8601 forms with a zone); nil when malformed.
    public init?(iso8601 text: String) {
        if let seconds = Self.utcSeconds(text) {
            self.init(seconds: seconds)
            return
        }
        let formatter = ISO8601DateFormatter()
        guard let date = formatter.date(from: text) else { return nil }
        self.init(seconds: Int64(date.timeIntervalSince1970))
    }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool { lhs.seconds < rhs.seconds }

    /// The moment `text` names as people write a deadline: a duration from `now` (`2h`, `30m`,
    /// `1d`) or an ISO 8601 time (`2026-12-05T14:00:00Z`); nil when it is neither.
    public static func deadline(_ text: String, from now: Int64) -> Timestamp? {
        if let seconds = DurationText.seconds(text) { return Timestamp(seconds: now + Int64(seconds)) }
        return Timestamp(iso8601: text)
    }

    /// Seconds since 1970 of exactly `YYYY-MM-DDTHH:MM:SSZ`, the form handoff writes, without
    /// a date formatter (making one costs more than a report's arithmetic); nil for other forms.
    static func utcSeconds(_ text: String) -> Int64? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"), bytes[10] == UInt8(ascii: "T"),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"), bytes[19] == UInt8(ascii: "Z")
        else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for byte in bytes[range] {
                guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61
        else { return nil }
        return daysSinceEpoch(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + second
    }

    /// Days from 1970-01-01 to a date of the proleptic Gregorian calendar: count in 400-year eras
    /// of 146,097 days, with years starting in March so the leap day comes last.
    static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let marchYear = month <= 2 ? year - 1 : year
        let era = (marchYear >= 0 ? marchYear : marchYear - 399) / 400
        let yearOfEra = marchYear - era * 400
        let monthFromMarch = (month + 9) % 12
        let dayOfYear = (153 * monthFromMarch + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// `value` as `%0<width>d` writes it (a sign counts toward the width), without a formatter:
    /// every handoff writes two times, and `verify` recomputes them for every commit.
    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let sign = value < 0 ? "-" : ""
        return sign + String(repeating: "0", count: max(0, width - sign.count - digits.count)) + digits
    }

    private var utcParts: (year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int) {
        var time = time_t(seconds)
        var broken = tm()
        gmtime_r(&time, &broken)
        return (Int(broken.tm_year) + 1900, Int(broken.tm_mon) + 1, Int(broken.tm_mday),
                Int(broken.tm_hour), Int(broken.tm_min), Int(broken.tm_sec))
    }
}
