import ByteRanges
import GitKit
import HandoffModel

extension TaskSummaryScanner {
    /// Appends the summary row of the file `bytes` read from `blob` to `output` (no newline)
    /// and returns the ID the file states; nil, with `output` left as it was, when the file
    /// needs the full reader.
    static func appendRow(of bytes: UnsafeBufferPointer<UInt8>, blob: ObjectID, to output: inout [UInt8]) -> String? {
        guard let summary = summary(of: bytes) else { return nil }
        summary.appendRow(blob: blob, in: bytes, to: &output)
        return String(decoding: bytes[summary.id], as: UTF8.self)
    }

}

extension ScannedSummary {
    /// Appends the row `TaskSummaryCache.Row(blob:task:)` makes of the same task: cells separated by
    /// tabs, labels and fields by U+001F, a field's key and value by U+001E, the fields that
    /// have their own cell left out. Scanned values
    /// hold no tab, newline or carriage return, so only a backslash needs escaping (doubled).
    func appendRow(blob: ObjectID, in bytes: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        func append(_ text: Text) {
            let value = UnsafeBufferPointer(rebasing: bytes[text])
            guard value.firstIndex(of: UInt8(ascii: "\\"), from: 0) != nil else {
                out.append(contentsOf: value)
                return
            }
            for byte in value {
                if byte == UInt8(ascii: "\\") { out.append(byte) }
                out.append(byte)
            }
        }
        func appendCell(_ text: Text) {
            out.append(UInt8(ascii: "\t"))
            append(text)
        }
        blob.appendHex(to: &out)
        appendCell(id)
        appendCell(title)
        appendCell(stage)
        appendCell(owner)
        appendCell(state)
        for part in 0..<6 {
            out.append(UInt8(ascii: "\t"))
            if part < offer.count { append(offer[part]) }
        }
        out.append(UInt8(ascii: "\t"))
        for (number, label) in labels.enumerated() {
            if number > 0 { out.append(0x1F) }
            append(label)
        }
        out.append(UInt8(ascii: "\t"))
        var first = true
        for field in fields where !TaskSummaryCache.Row.isOwnCell(bytes[field.key]) {
            if !first { out.append(0x1F) }
            first = false
            append(field.key)
            out.append(0x1E)
            append(field.value)
        }
    }

}
