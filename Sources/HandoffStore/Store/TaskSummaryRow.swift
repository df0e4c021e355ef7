import ByteRanges
import GitKit
import Glibc
import HandoffModel

extension TaskSummaryCache.Row {
    /// The row for `task`, read from `blob`. Tab, newline and backslash in values are escaped;
    /// lists use U+001F and key/value pairs U+001E. The fields with a cell of their own (id,
    /// title, stage, owner, state) are not repeated among the fields.
    init(blob: ObjectID, task: HandoffTask) {
        let offer = task.offer
        func value(_ cell: Cell) -> String {
            switch cell {
            case .blob: blob.hex
            case .id: task.id
            case .title: task.title
            case .stage: task.stage
            case .owner: task.owner
            case .state: task.state.rawValue
            case .offerFrom: offer?.from ?? ""
            case .offerTo: offer?.to ?? ""
            case .offerStage: offer?.stage ?? ""
            case .offerAt: offer?.at ?? ""
            case .offerRespondBy: offer?.respondBy ?? ""
            case .offerApprovedBy: offer.map { Offer.joined($0.approvedBy) } ?? ""
            case .labels: task.labels.joined(separator: "\u{1F}")
            case .fields:
                task.fields.filter { !Self.ownCells.contains($0.key) }.sorted { $0.key < $1.key }
                    .map { $0.key + "\u{1E}" + $0.value }.joined(separator: "\u{1F}")
            }
        }
        self.init(bytes: Array(Cell.allCases.map { Self.escape(value($0)) }.joined(separator: "\t").utf8))
    }

    /// The cells of a row, in their order: the one list the writers (`init(blob:task:)` and the
    /// scanner's `appendRow`) and the readers below agree on.
    enum Cell: Int, CaseIterable {
        case blob, id, title, stage, owner, state, offerFrom, offerTo, offerStage, offerAt, offerRespondBy, offerApprovedBy, labels, fields
    }

    /// The fields every task has, each stored in a cell of its own.
    private static let ownCells: Set<String> = ["id", "title", "stage", "owner", "state"]

    /// True when `key` is one of the fields with a cell of their own.
    static func isOwnCell(_ key: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        switch key.count {
        case 2: key.equals("id")
        case 5: key.equals("title") || key.equals("stage") || key.equals("owner") || key.equals("state")
        default: false
        }
    }

    /// The task's ID (the second cell).
    var id: String { Self.unescape(cell(.id)) }

    /// False only when this row's task certainly fails `filter`'s owner, stage, state or
    /// receiver test; compared on the stored cells without decoding the row.
    func mayMatch(_ filter: TaskFilter) -> Bool {
        if let owner = filter.owner, !Self.sameEmail(cell(.owner), owner) { return false }
        if let stage = filter.stage, !cell(.stage).elementsEqual(Self.escape(stage).utf8) { return false }
        if let state = filter.state, !cell(.state).elementsEqual(state.rawValue.utf8) { return false }
        if let receiver = filter.offeredTo, !Self.sameEmail(cell(.offerTo), receiver) { return false }
        return true
    }

    /// The task, decoded; nil for a row this version cannot read.
    func task() -> HandoffTask? {
        let all = bytes.split(separator: UInt8(ascii: "\t"), omittingEmptySubsequences: false).map(Self.unescape)
        guard all.count == Cell.allCases.count else { return nil }
        func cells(_ cell: Cell) -> String { all[cell.rawValue] }
        guard let state = TaskState(rawValue: cells(.state)) else { return nil }
        let offer = cells(.offerTo).isEmpty ? nil : Offer(
            from: cells(.offerFrom), to: cells(.offerTo), stage: cells(.offerStage), at: cells(.offerAt),
            respondBy: cells(.offerRespondBy).isEmpty ? nil : cells(.offerRespondBy), approvedBy: Offer.people(cells(.offerApprovedBy)))
        let labels = cells(.labels).isEmpty ? [] : cells(.labels).split(separator: "\u{1F}", omittingEmptySubsequences: false).map(String.init)
        var fields = ["id": cells(.id), "title": cells(.title), "stage": cells(.stage), "owner": cells(.owner), "state": cells(.state)]
        for pair in cells(.fields).split(separator: "\u{1F}") {
            let parts = pair.split(separator: "\u{1E}", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2 { fields[String(parts[0])] = String(parts[1]) }
        }
        return HandoffTask(id: cells(.id), title: cells(.title), stage: cells(.stage), owner: cells(.owner), state: state, offer: offer, fields: fields, labels: labels)
    }

    /// Cell `cell`; tabs are found with `memchr`, since every row of a warm `list` is looked
    /// at this way.
    private func cell(_ cell: Cell) -> Bytes {
        let number = cell.rawValue
        func tab(from start: Int) -> Int? {
            bytes.base.firstIndex(of: UInt8(ascii: "\t"), from: start, before: bytes.endIndex)
        }
        var start = bytes.startIndex
        for _ in 0..<number {
            guard let found = tab(from: start) else { return bytes[bytes.endIndex...] }
            start = found + 1
        }
        return bytes[start..<(tab(from: start) ?? bytes.endIndex)]
    }

    /// Emails compare without regard to ASCII case; anything else (text beyond ASCII, or an
    /// escaped cell) is left to the full test. Runs once per cached row, so nothing is allocated.
    private static func sameEmail(_ stored: Bytes, _ wanted: String) -> Bool {
        let backslash = UInt8(ascii: "\\")
        var wanted = wanted
        return wanted.withUTF8 { wanted in
            guard stored.count == wanted.count else {
                return stored.contains { $0 >= 0x80 || $0 == backslash } || wanted.contains { $0 >= 0x80 }
            }
            var other = wanted.startIndex
            for mine in stored {
                let theirs = wanted[other]
                other += 1
                if mine >= 0x80 || theirs >= 0x80 || mine == backslash { return true }
                if lowercase(mine) != lowercase(theirs) { return false }
            }
            return true
        }
    }

    private static func lowercase(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 32 : byte
    }

    private static func escape(_ text: String) -> String {
        guard text.contains(where: { $0 == "\\" || $0 == "\t" || $0 == "\n" || $0 == "\r" }) else { return text }
        return text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
            .replacingOccurrences(of: "\r", with: "\\r").replacingOccurrences(of: "\n", with: "\\n")
    }

    private static func unescape(_ cell: Bytes) -> String {
        let text = String(decoding: cell, as: UTF8.self)
        guard cell.contains(UInt8(ascii: "\\")) else { return text }
        var out = ""
        var escaping = false
        for character in text {
            if escaping {
                switch character {
                case "t": out.append("\t")
                case "n": out.append("\n")
                case "r": out.append("\r")
                default: out.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                out.append(character)
            }
        }
        return out
    }
}
