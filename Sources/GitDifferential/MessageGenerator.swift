/// Commit messages built from trailer-ish pieces: `Handoff-*` lines spelled right and wrong,
/// other trailers, `Key : value`, continuation lines, comments, `---`, `Conflicts:` blocks,
/// blank and whitespace-only lines, tabs, carriage returns and non-ASCII, in paragraphs.
enum MessageGenerator {
    /// A message: the bytes after a commit's header and its empty line.
    static func message(_ random: inout DifferentialRandom) -> [UInt8] {
        var lines = [[UInt8]]()
        lines.append(random.chance(3, in: 4) ? random.pick(subjects) : random.pick(pieces))
        let paragraphs = random.below(4)
        for index in 0..<paragraphs {
            lines.append(random.chance(1, in: 8) ? random.pick(blankish) : [])
            if random.chance(1, in: 10) { lines.append([]) }
            let count = 1 + random.below(5)
            let last = index == paragraphs - 1
            for _ in 0..<count {
                let line = last || random.chance(1, in: 3) ? random.pick(pieces) : random.pick(prose)
                lines.append(line)
                if random.chance(1, in: 8) { lines.append(random.pick(continuations)) }
            }
        }
        var bytes: [UInt8] = lines.flatMap { line -> [UInt8] in line + [0x0A] }
        if random.chance(1, in: 10) { bytes.removeLast() }
        if random.chance(1, in: 12) { bytes += [0x0A] }
        return bytes
    }

    private static func bytes(_ texts: [String]) -> [[UInt8]] { texts.map { Array($0.utf8) } }

    private static let subjects = bytes([
        "Accept HO-7K3QX", "Offer HO-7K3QX to bob@example.com", "fix typo", "Café ünïcode", "# not a comment?", "---",
        "Handoff-Task: HO-7K3QX", "Merge branch 'main'",
    ])
    private static let prose = bytes([
        "Plain text line.", "Some context: with a colon", "http://example.com: x", "Not-a-trailer line here",
        "handoff- mentioned in prose", "Handoff-Task mentioned without colon",
    ])
    private static let blankish = bytes([" ", "\t", "  "])
    private static let continuations = bytes([" continued", "  continued more", "\tcontinued", " Handoff-Task: HO-CONT"])
    private static let pieces =
        bytes([
            "Handoff-Task: HO-7K3QX", "Handoff-Action: accept", "handoff-action: offer", "HANDOFF-TO: bob@example.com",
            "Handoff-Task : HO-1", "Handoff-Task:HO-2", "Handoff-Task:", "Handoff-Task: ", "Handoff-Task:  spaced  ",
            "Handoff-Task:\tHO-3", "Handoff-Task: HO-4\r", "Handoff-Task = HO-5", "Handoff-Task HO-6", "Handoff_Task: HO-7",
            "Handoff-Täsk: x", "Handoff-Task: café", "Handoff-Task: a: b", "Handoff-", "handoff-x", "Handoff-Task\t: HO-10",
            " Handoff-Task: HO-11", "Handoff-Task: HO-12 # note", "#Handoff-Task: HO-8", "Handoff-Task: HO-13\u{b}",
            "Signed-off-by: A U Thor <a@example.com>", "Co-authored-by: B <b@example.com>", "Reviewed-by: R",
            "Key : v", "Key: v", "Key:v", "key-2: v", "Key.dot: v", "Key_under: v", "Ü: v", "Change-Id: I0123",
            "(cherry picked from commit 0123456789abcdef0123456789abcdef01234567)", "git-svn-id: https://svn/x@1 abc",
            "# comment", "---", "--- a/file", "Conflicts:", "\tfile.txt", "", " ", "\t", "Plain text line.", "[handoff] note",
            "Handoff-Task: HO-14  ", ":v", "Key:", "Key :", "Tab:\tv",
        ]) + [[0x48, 0x61, 0x6E, 0x64, 0x6F, 0x66, 0x66, 0x2D, 0x58, 0x3A, 0x20, 0xFF]]
}
