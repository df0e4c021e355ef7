import Foundation

/// The YYYYMMDD[HHMM[SS]][Z] times of allowed-signers options, read as UTC.
package enum AllowedSignersTime {
    /// `seconds` (unix, UTC) as `YYYYMMDDHHMMSSZ`, the form git and ssh-keygen read as UTC.
    package static func render(_ seconds: Int64) -> String {
        var time = time_t(seconds)
        var broken = tm()
        gmtime_r(&time, &broken)
        return String(
            format: "%04d%02d%02d%02d%02d%02dZ", broken.tm_year + 1900, broken.tm_mon + 1, broken.tm_mday, broken.tm_hour, broken.tm_min,
            broken.tm_sec)
    }

    /// Unix seconds for `text`, or nil when it is not a valid time in that form.
    static func parse(_ text: String) -> Int64? {
        var digits = Array(text.utf8)
        if digits.last == UInt8(ascii: "Z") { digits.removeLast() }
        guard [8, 12, 14].contains(digits.count),
              digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        func number(_ start: Int, _ length: Int) -> Int64 {
            digits[start..<(start + length)].reduce(Int64(0)) { $0 * 10 + Int64($1 - UInt8(ascii: "0")) }
        }
        let year = number(0, 4), month = number(4, 2), day = number(6, 2)
        let hour = digits.count >= 12 ? number(8, 2) : 0
        let minute = digits.count >= 12 ? number(10, 2) : 0
        let second = digits.count == 14 ? number(12, 2) : 0
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
              hour < 24, minute < 60, second < 60
        else { return nil }
        return daysSinceEpoch(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60 + second
    }

    /// The number of days in `month` of `year` (Gregorian).
    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2:
            let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
            return leap ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days from 1970-01-01 to the given Gregorian date (Howard Hinnant's days-from-civil).
    private static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let shiftedMonth = month > 2 ? month - 3 : month + 9
        let dayOfYear = (153 * shiftedMonth + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }
}
