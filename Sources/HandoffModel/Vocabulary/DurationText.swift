/// Durations as people write them in config and options: "2d", "36h", "90m", "45s".
public enum DurationText {
    /// The number of seconds `text` means; nil when malformed.
    public static func seconds(_ text: String) -> Int? {
        guard let unit = text.last, let amount = Int(text.dropLast()), amount >= 0 else { return nil }
        switch unit {
        case "d": return amount * 86_400
        case "h": return amount * 3_600
        case "m": return amount * 60
        case "s": return amount
        default: return nil
        }
    }

    /// A duration as people read it in a report: `45s`, `12m`, `3h`, `3h 5m`, `2d`, `2d 4h`.
    public static func words(_ seconds: Int) -> String {
        let value = max(0, seconds)
        switch value {
        case ..<60: return "\(value)s"
        case ..<3_600: return "\(value / 60)m"
        case ..<86_400: return value % 3_600 < 60 ? "\(value / 3_600)h" : "\(value / 3_600)h \(value % 3_600 / 60)m"
        default: return value % 86_400 < 3_600 ? "\(value / 86_400)d" : "\(value / 86_400)d \(value % 86_400 / 3_600)h"
        }
    }
}
