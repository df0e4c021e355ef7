/// A generated commit object and the message it was built with.
struct GeneratedCommit: Sendable {
    /// The object's bytes, as `hash-object --literally` writes them.
    let bytes: [UInt8]
    /// The message placed after the header (the trailer check reads it when the header is
    /// refused, so that every message is checked).
    let message: [UInt8]
}

/// Commit objects by structured mutation: a realistic commit (tree, parents, author,
/// committer, encoding, mergetag, gpgsig, a message with trailers) whose header lines a
/// hostile pusher then duplicates, reorders, drops, moves, retypes or corrupts.
enum CommitGenerator {
    /// The empty tree's id, which every scratch repository holds.
    static let emptyTree = "4b825dc642cb6eb9a060e54bf8d69288fbee4904"

    /// One commit.
    static func commit(_ random: inout DifferentialRandom) -> GeneratedCommit {
        var header = realisticHeader(&random)
        let mutations = random.chance(2, in: 5) ? 0 : 1 + random.below(3)
        for _ in 0..<mutations { mutate(&header, &random) }
        let message = MessageGenerator.message(&random)
        var bytes: [UInt8] = header.flatMap { line -> [UInt8] in line + [0x0A] }
        bytes += [0x0A] + message
        if random.chance(1, in: 25) { corrupt(&bytes, &random) }
        return GeneratedCommit(bytes: bytes, message: message)
    }

    private static func line(_ text: String) -> [UInt8] { Array(text.utf8) }

    private static func realisticHeader(_ random: inout DifferentialRandom) -> [[UInt8]] {
        var header = [line("tree " + (random.chance(2, in: 3) ? emptyTree : random.hex()))]
        for _ in 0..<random.pick([0, 1, 1, 1, 2, 3]) { header.append(line("parent " + random.hex())) }
        header.append(line("author ") + IdentityGenerator.identity(&random))
        header.append(line("committer ") + IdentityGenerator.identity(&random))
        if random.chance(1, in: 5) { header.append(line("encoding " + random.pick(encodings))) }
        if random.chance(1, in: 8) { header += mergetag(&random) }
        if random.chance(1, in: 4) { header += signature(&random, key: "gpgsig") }
        return header
    }

    private static let encodings = ["UTF-8", "utf-8", "utf8", "UTF8", "ISO-8859-1", "latin1", "", "UTF-8 ", "Utf-8"]

    private static func mergetag(_ random: inout DifferentialRandom) -> [[UInt8]] {
        [
            line("mergetag object " + random.hex()), line(" type commit"), line(" tag v1.0"),
            line(" tagger T Agger <t@example.com> 1700000000 +0000"), line(" "), line(" Release v1.0"),
        ]
    }

    private static func signature(_ random: inout DifferentialRandom, key: String) -> [[UInt8]] {
        random.chance(1, in: 2)
            ? [
                line(key + " -----BEGIN PGP SIGNATURE-----"), line(" "), line(" iQEzBAABCAAdFiEE" + random.hex(16)),
                line(" =abcd"), line(" -----END PGP SIGNATURE-----"),
            ]
            : [
                line(key + " -----BEGIN SSH SIGNATURE-----"), line(" U1NIU0lHAAAAAQAAADMAAAALc3NoLWVk"),
                line(" -----END SSH SIGNATURE-----"),
            ]
    }

    /// Headers a pusher might add: repeats of the ones git reads first, other hashes'
    /// signatures, encodings, unknown headers, stray continuation lines, malformed lines.
    private static func extraHeader(_ random: inout DifferentialRandom) -> [[UInt8]] {
        switch random.below(12) {
        case 0: [line("tree " + random.pick([emptyTree, random.hex()]))]
        case 1: [line("parent " + random.hex())]
        case 2: [line("author ") + IdentityGenerator.identity(&random)]
        case 3: [line("committer ") + IdentityGenerator.identity(&random)]
        case 4: [line("encoding " + random.pick(encodings))]
        case 5: signature(&random, key: random.pick(["gpgsig", "gpgsig-sha256", "gpgsig-sha1", "GPGSIG"]))
        case 6: mergetag(&random)
        case 7: [line(random.pick(["HG:extra x", "nonstandard value", "x-header a b", "treex " + emptyTree]))]
        case 8: [line(random.pick([" continuation", "  two", "\ttab continuation"]))]
        case 9: [line(random.pick(["nokey", ": value", " ", "tree", "parent", "author", "=x y"]))]
        case 10: [line(random.pick(["Tree " + emptyTree, "TREE " + emptyTree, "Parent " + random.hex(), "Author A <a> 1 +0000"]))]
        default: [line(random.pick(["tree  " + emptyTree, "tree\t" + emptyTree, "parent " + random.hex() + " ", "parent " + random.hex(39)]))]
        }
    }

    /// One hostile change to the header lines.
    private static func mutate(_ header: inout [[UInt8]], _ random: inout DifferentialRandom) {
        let index = random.below(header.count)
        switch random.below(13) {
        case 0 where !header.isEmpty: header.insert(header[index], at: random.below(header.count + 1))
        case 1 where header.count > 1: header.swapAt(index, random.below(header.count))
        case 2 where !header.isEmpty: header.remove(at: index)
        case 3 where !header.isEmpty:
            let moved = header.remove(at: index)
            header.insert(moved, at: random.below(header.count + 1))
        case 4: header.insert(contentsOf: extraHeader(&random), at: random.below(header.count + 1))
        case 5:
            let key = random.pick(["author ", "committer "])
            if let at = header.firstIndex(where: { $0.starts(with: key.utf8) }) {
                header[at] = line(key) + IdentityGenerator.identity(&random)
            }
        case 6 where !header.isEmpty:
            // Upper-case hex, or a digit more or fewer, in a tree or parent line.
            guard let at = header.firstIndex(where: { $0.starts(with: "tree ".utf8) || $0.starts(with: "parent ".utf8) }) else { return }
            switch random.below(3) {
            case 0: header[at] = header[at].map { (0x61...0x66).contains($0) ? $0 - 0x20 : $0 }
            case 1: header[at].removeLast()
            default: header[at].append(0x30)
            }
        case 7 where !header.isEmpty: header[index].append(0x0D)
        case 8: header.insert(line(random.pick([" continuation", " ", "  -----END PGP SIGNATURE-----"])), at: random.below(header.count + 1))
        case 9 where !header.isEmpty:
            if let space = header[index].firstIndex(of: 0x20) { header[index][space] = random.pick([0x09, 0x0D, 0x00]) }
        case 10 where !header.isEmpty: header[index].append(random.pick([0x20, 0x09]))
        case 11 where !header.isEmpty:
            header[index].insert(random.pick([0xFF, 0xC3, 0x80, 0x00]), at: random.below(header[index].count + 1))
        case 12 where !header.isEmpty: header[index] += [0x0D, 0x0A] + line("x y")
        default: header.insert(contentsOf: extraHeader(&random), at: random.below(header.count + 1))
        }
    }

    /// A rare change to the whole object's bytes: a NUL, carriage returns before every
    /// newline, no empty line before the message, a cut end.
    private static func corrupt(_ bytes: inout [UInt8], _ random: inout DifferentialRandom) {
        switch random.below(4) {
        case 0: bytes.insert(0x00, at: random.below(bytes.count + 1))
        case 1: bytes = bytes.flatMap { byte -> [UInt8] in byte == 0x0A ? [0x0D, 0x0A] : [byte] }
        case 2:
            if let blank = (1..<max(1, bytes.count)).first(where: { bytes[$0] == 0x0A && bytes[$0 - 1] == 0x0A }) { bytes.remove(at: blank) }
        default: bytes.removeLast(min(bytes.count, 1 + random.below(40)))
        }
    }
}
