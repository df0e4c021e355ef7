import Foundation
import HandoffCore
import Testing

/// Times as task files write them are read without a date formatter, and must agree with one.
@Suite struct TimestampTests {
    @Test("YYYY-MM-DDTHH:MM:SSZ reads as Foundation's ISO 8601 formatter reads it, leap days included")
    func agreesWithFormatter() {
        let formatter = ISO8601DateFormatter()
        var seconds: Int64 = -2_208_988_800 // 1900-01-01
        while seconds < 4_102_444_800 { // 2100-01-01
            let text = Timestamp(seconds: seconds).iso8601
            let expected = formatter.date(from: text).map { Int64($0.timeIntervalSince1970) }
            #expect(Timestamp(iso8601: text)?.seconds == expected, "\(text)")
            if Timestamp(iso8601: text)?.seconds != expected { break }
            seconds += 86_400 * 7 + 3_661
        }
        #expect(Timestamp(iso8601: "2024-02-29T23:59:59Z")?.seconds == 1_709_251_199)
        #expect(Timestamp(iso8601: "2026-11-24T09:12:00+01:00")?.seconds == 1_795_507_920)
    }

    @Test("malformed times are refused")
    func malformed() {
        for text in ["2026-13-01T00:00:00Z", "2026-11-24 09:12:00Z", "2026-1x-24T09:12:00Z", ""] {
            #expect(Timestamp(iso8601: text) == nil, "\(text)")
        }
    }

    @Test("times are written as the C formatter writes them, including years outside 1000–9999")
    func writesLikeFormat() {
        for seconds: Int64 in [0, 59, 1_795_507_920, 1_709_251_199, -62_135_596_800, -62_198_755_200, 253_402_300_800, 32_503_680_000_00] {
            let time = Timestamp(seconds: seconds)
            var raw = time_t(seconds)
            var broken = tm()
            gmtime_r(&raw, &broken)
            let (year, month, day) = (Int(broken.tm_year) + 1900, Int(broken.tm_mon) + 1, Int(broken.tm_mday))
            let (hour, minute, second) = (Int(broken.tm_hour), Int(broken.tm_min), Int(broken.tm_sec))
            #expect(time.iso8601 == String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, hour, minute, second))
            #expect(time.logHeading == String(format: "%04d-%02d-%02d %02d:%02d UTC", year, month, day, hour, minute))
            #expect(time.monthFolder == String(format: "%04d-%02d", year, month))
        }
    }
}

