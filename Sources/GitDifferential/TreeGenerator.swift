/// Tree objects by structured mutation: a sorted tree of realistic entries whose entries a
/// hostile pusher then reorders, repeats (also as a file and a folder of one name), gives
/// modes git does not write or names a checkout would mistake (`/`, `.`, `..`, `.git` and its
/// look-alikes, empty names), with now and then a corrupted byte.
enum TreeGenerator {
    /// The blob `hello\n`, which every scratch repository holds.
    static let helloBlob = "ce013625030ba8dba906f756967f9e9ca394464a"

    /// One entry: mode and name as written, and the 20-byte id.
    private struct Entry {
        var mode: [UInt8]
        var name: [UInt8]
        var id: [UInt8]

        var bytes: [UInt8] { mode + [0x20] + name + [0x00] + id }

        /// Whether git sorts the entry as a folder (its name as if it ended in `/`).
        var isFolder: Bool {
            var value = 0
            for digit in mode {
                guard (0x30...0x37).contains(digit) else { return false }
                value = value << 3 | Int(digit - 0x30)
                if value > 0o7777777 { return false }
            }
            return value & 0o170000 == 0o040000
        }

        /// The key git's order compares.
        var sortKey: [UInt8] { isFolder ? name + [0x2F] : name }
    }

    /// One tree's bytes.
    static func tree(_ random: inout DifferentialRandom) -> [UInt8] {
        var names = Set<[UInt8]>()
        var entries = [Entry]()
        for _ in 0..<random.pick([0, 1, 2, 3, 3, 4, 5, 6]) {
            let name = random.pick(usualNames)
            guard names.insert(name).inserted else { continue }
            entries.append(usualEntry(name, &random))
        }
        entries.sort { $0.sortKey.lexicographicallyPrecedes($1.sortKey) }
        let mutations = random.chance(1, in: 5) ? 0 : 1 + random.below(3)
        for _ in 0..<mutations { mutate(&entries, &random) }
        if random.chance(1, in: 2) { entries.sort { $0.sortKey.lexicographicallyPrecedes($1.sortKey) } }
        var bytes = entries.flatMap(\.bytes)
        if random.chance(1, in: 25) { corrupt(&bytes, &random) }
        return bytes
    }

    private static func bytes(_ texts: [String]) -> [[UInt8]] { texts.map { Array($0.utf8) } }

    private static func id(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8).map { $0 <= 0x39 ? $0 - 0x30 : $0 - 0x61 + 10 }
        return stride(from: 0, to: 40, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    }

    private static func randomID(_ random: inout DifferentialRandom) -> [UInt8] { id(random.hex()) }

    private static func usualEntry(_ name: [UInt8], _ random: inout DifferentialRandom) -> Entry {
        switch random.below(6) {
        case 0: Entry(mode: Array("40000".utf8), name: name, id: id(CommitGenerator.emptyTree))
        case 1: Entry(mode: Array("100755".utf8), name: name, id: id(helloBlob))
        case 2: Entry(mode: Array("120000".utf8), name: name, id: id(helloBlob))
        case 3: Entry(mode: Array("160000".utf8), name: name, id: randomID(&random))
        default: Entry(mode: Array("100644".utf8), name: name, id: random.chance(3, in: 4) ? id(helloBlob) : randomID(&random))
        }
    }

    private static let usualNames = bytes([
        "a", "b.txt", "README.md", "tasks", "HO-7K3QX.md", "a-", "a.b", "a0", "z", "café.md", "a b", ".handoff", "2026-11",
        "ab", "a.", "A",
    ])
    private static let oddNames = bytes([
        ".", "..", "...", ".git", ".GIT", ".Git", "git~1", "GIT~1", "Git~1", ".git.", ".git ", ".git. .", ".git..", ".git:x",
        ".git\\x", "x\\.git", ".g\u{200C}it", "\u{200C}.git", ".gi\u{FE0F}t", ".git\u{200D}", "a/b", "/", "", ".gitmodules",
        ".GITMODULES", "gitmod~1", ".gitmodules ", ".gitattributes", ".gitignore", ".mailmap", "tab\tname", "new\nline",
        "a\\b", ".git/", "git~2", "git", ".gitx", "..git", " .git",
    ]) + [[0xFF, 0xFE], [0x2E, 0x67, 0x69, 0x74, 0xC0, 0xAE]]
    private static let oddModes = bytes([
        "040000", "100664", "644", "0100644", "100600", "120755", "160755", "100000", "000000", "1", "", "7777777", "8",
        "junk", "100644 ", "00040000", "40755", "100744", "140000", "100655", "100645",
    ])

    /// One hostile change to the entries.
    private static func mutate(_ entries: inout [Entry], _ random: inout DifferentialRandom) {
        let index = random.below(entries.count)
        switch random.below(8) {
        case 0 where entries.count > 1: entries.swapAt(index, random.below(entries.count))
        case 1 where !entries.isEmpty: entries.insert(entries[index], at: index + random.below(2))
        case 2 where !entries.isEmpty:
            // The same name as the other kind: a file beside a folder, a folder beside a file.
            var twin = entries[index]
            twin.mode = twin.isFolder ? Array(random.pick(["100644", "120000", "160000"]).utf8) : Array("40000".utf8)
            twin.id = twin.isFolder ? id(helloBlob) : id(CommitGenerator.emptyTree)
            entries.insert(twin, at: random.below(entries.count + 1))
        case 3 where !entries.isEmpty: entries[index].mode = random.pick(oddModes)
        case 4 where !entries.isEmpty: entries[index].name = random.pick(oddNames)
        case 5 where !entries.isEmpty: entries[index].id = [UInt8](repeating: 0, count: 20)
        case 6:
            var entry = usualEntry(random.pick(oddNames), &random)
            if random.chance(1, in: 3) { entry.mode = random.pick(oddModes) }
            entries.insert(entry, at: random.below(entries.count + 1))
        default: entries.append(usualEntry(random.pick(usualNames), &random))
        }
    }

    /// A rare change to the whole tree's bytes: a NUL, a cut end, a byte flipped.
    private static func corrupt(_ bytes: inout [UInt8], _ random: inout DifferentialRandom) {
        switch random.below(3) {
        case 0: bytes.insert(0x00, at: random.below(bytes.count + 1))
        case 1: bytes.removeLast(min(bytes.count, 1 + random.below(25)))
        default: if !bytes.isEmpty { bytes[random.below(bytes.count)] ^= UInt8(1 << random.below(8)) }
        }
    }
}
