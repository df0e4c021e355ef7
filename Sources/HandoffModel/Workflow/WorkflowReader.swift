import ByteRanges
import Foundation
import Yams

/// Reads many versions of one workflow file, parsing each distinct `members:` entry, and each
/// distinct rest of the file, once: `verify` reads every version of the policy, and a history
/// that adds members one commit at a time would otherwise parse N versions of N members.
///
/// Only files in the block layout handoff writes are read in parts — one `members:` line at
/// the top level, each entry starting two spaces in, no anchors, aliases, tags, block scalars,
/// tabs, carriage returns or document markers. Each part is a YAML document of its own, so it
/// reads as it reads inside the whole; anything else is read whole, as `Workflow(yaml:)` does.
/// One reader serves one thread.
package final class WorkflowReader {
    /// Each members entry's text (its lines) and the member it declares.
    private var entries = [String: Workflow.Member]()
    /// The file without its members entries (`members: {}` in their place), parsed.
    private var rests = [String: Node.Mapping]()
    /// How many versions were read in parts (the rest were read whole).
    private(set) var readInParts = 0

    /// A reader that has read nothing yet.
    package init() {}

    /// The workflow of `text`.
    /// - Throws: `HandoffError.invalidFile` as `Workflow(yaml:)` does.
    package func workflow(yaml text: String) throws(HandoffError) -> Workflow {
        // A part that does not parse alone is left to the whole file, whose message counts.
        guard let parts = try? parts(of: text) else { return try Workflow(yaml: text) }
        readInParts += 1
        return try Workflow(root: parts.rest, members: parts.members)
    }

    /// The file without its members entries, and its members; nil when it cannot be read in
    /// parts. Lines are cut and compared as bytes: a version of 1,000 members is 1,000 lines.
    /// - Throws: `HandoffError` when a part is not valid YAML.
    private func parts(of text: String) throws(HandoffError) -> (rest: Node.Mapping, members: [Workflow.Member])? {
        let bytes = Array(text.utf8)
        guard !bytes.contains(where: { $0 == 0x0D || $0 == 0x09 }) else { return nil }
        var lines = [Range<Int>]()
        var start = 0
        while let newline = bytes[start...].firstIndex(of: 0x0A) {
            lines.append(start..<newline)
            start = newline + 1
        }
        lines.append(start..<bytes.count)
        func starts(_ line: Range<Int>, with prefix: String) -> Bool { bytes[line].starts(with: prefix.utf8) }
        guard !lines.contains(where: { starts($0, with: "%") || starts($0, with: "---") || starts($0, with: "...") }),
            let header = lines.firstIndex(where: { bytes[$0].elementsEqual("members:".utf8) }),
            !lines[(header + 1)...].contains(where: { starts($0, with: "members") })
        else { return nil }
        let space = UInt8(ascii: " ")
        let end = lines[(header + 1)...].firstIndex { !$0.isEmpty && bytes[$0.lowerBound] != space } ?? lines.count
        var parts = [Range<Int>]()
        for line in lines[(header + 1)..<end] {
            let content = bytes[line].drop { $0 == space }
            let indent = content.startIndex - line.lowerBound
            if indent == 2 && content.first != UInt8(ascii: "#") {
                parts.append(line)
            } else if parts.isEmpty {
                guard content.isEmpty || content.first == UInt8(ascii: "#") else { return nil }
            } else {
                parts[parts.count - 1] = parts[parts.count - 1].lowerBound..<line.upperBound
            }
        }
        var members = [Workflow.Member]()
        members.reserveCapacity(parts.count)
        for part in parts {
            guard !bytes[part].contains(where: { [0x26, 0x2A, 0x21, 0x7C, 0x3E].contains($0) }) else { return nil }
            let entry = String(decoding: bytes[part], as: UTF8.self)
            if let known = entries[entry] {
                members.append(known)
                continue
            }
            guard let listed = try Workflow.compose("members:\n" + entry + "\n")["members"]?.mapping, listed.count == 1,
                let pair = listed.first
            else { return nil }
            let member = try Workflow.member(key: pair.key, value: pair.value)
            entries[entry] = member
            members.append(member)
        }
        let before = lines[header].lowerBound
        let after = end < lines.count ? lines[end].lowerBound : bytes.count
        let restText = String(decoding: bytes[..<before], as: UTF8.self) + "members: {}\n" + String(decoding: bytes[after...], as: UTF8.self)
        let rest: Node.Mapping
        if let known = rests[restText] {
            rest = known
        } else {
            rest = try Workflow.compose(restText)
            rests[restText] = rest
        }
        guard rest.filter({ $0.key.string == "members" }).count == 1 else { return nil }
        return (rest, members)
    }
}
