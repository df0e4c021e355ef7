#if !HANDOFF_LIBFUZZER
import Foundation

/// Without libFuzzer (a plain `swift build`): a seeded, deterministic mutation fuzzer.
/// `handoff-fuzz TARGET [--runs N] [--seed S] [CORPUS-FILE-OR-FOLDER…]` mutates the corpus
/// inputs (bit flips, byte changes, insertions, deletions, splices, repeats) N times; the same
/// seed replays the same inputs, so a crash can be reproduced.
@main
struct MutationFuzzer {
    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        if arguments.first == "git-differential" { exit(GitDifferentialMode.run(Array(arguments.dropFirst()))) }
        guard let name = arguments.first, let target = FuzzTarget(rawValue: name) else {
            print("usage: handoff-fuzz \(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|")) [--runs N] [--seed S] [CORPUS…]")
            print("       handoff-fuzz git-differential [--runs N] [--seed S] [--batch B] [--keep-going]")
            exit(2)
        }
        arguments.removeFirst()
        var runs = 1_000_000
        var seed: UInt64 = 1
        var corpus = [[UInt8]]()
        while let argument = arguments.first {
            arguments.removeFirst()
            switch argument {
            case "--runs": runs = Int(arguments.removeFirst()) ?? runs
            case "--seed": seed = UInt64(arguments.removeFirst()) ?? seed
            default: corpus += try inputs(at: argument)
            }
        }
        if corpus.isEmpty { corpus = [[]] }
        var generator = SplitMix64(seed: seed)
        for input in corpus { target.run(input) }
        for run in 1...max(runs, 1) {
            var input = corpus[Int(generator.next() % UInt64(corpus.count))]
            for _ in 0...(generator.next() % 4) { mutate(&input, with: &generator, corpus: corpus) }
            target.run(input)
            if run % 100_000 == 0 { print("\(target.rawValue): \(run) runs") }
        }
        print("\(target.rawValue): \(runs) runs, seed \(seed), \(corpus.count) corpus inputs, no crash")
    }

    /// The files at `path` (a file, or every file in a folder).
    static func inputs(at path: String) throws -> [[UInt8]] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else { return [] }
        guard isFolder.boolValue else { return [Array(try Data(contentsOf: URL(fileURLWithPath: path)))] }
        return try FileManager.default.contentsOfDirectory(atPath: path).sorted().flatMap { try inputs(at: path + "/" + $0) }
    }

    static func mutate(_ input: inout [UInt8], with generator: inout SplitMix64, corpus: [[UInt8]]) {
        let interesting: [UInt8] = Array("-:#&*'\"\n\r\t []{}|>!%@`,?\\ ".utf8) + [0, 0xff, 0xc3, 0xa9, 0xef, 0xbb, 0xbf]
        func position(_ extra: Int = 0) -> Int { Int(generator.next() % UInt64(input.count + extra)) }
        switch generator.next() % 7 {
        case 0 where !input.isEmpty: input[position()] ^= UInt8(1 << (generator.next() % 8))
        case 1 where !input.isEmpty: input[position()] = interesting[Int(generator.next() % UInt64(interesting.count))]
        case 2: input.insert(interesting[Int(generator.next() % UInt64(interesting.count))], at: position(1))
        case 3 where !input.isEmpty:
            let start = position()
            input.removeSubrange(start..<min(input.count, start + 1 + Int(generator.next() % 16)))
        case 4:
            let other = corpus[Int(generator.next() % UInt64(corpus.count))]
            guard !other.isEmpty else { return }
            let start = Int(generator.next() % UInt64(other.count))
            let piece = other[start..<min(other.count, start + 1 + Int(generator.next() % 64))]
            input.insert(contentsOf: piece, at: position(1))
        case 5 where !input.isEmpty:
            let start = position()
            let piece = input[start..<min(input.count, start + 1 + Int(generator.next() % 8))]
            let copies = Array(repeating: Array(piece), count: 1 + Int(generator.next() % 8)).flatMap { $0 }
            input.insert(contentsOf: copies, at: start)
        default: input.append(UInt8(truncatingIfNeeded: generator.next()))
        }
        if input.count > 8192 { input.removeLast(input.count - 8192) }
    }
}

/// A small, fast, seedable generator (SplitMix64), so runs replay exactly.
struct SplitMix64 {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
#endif
