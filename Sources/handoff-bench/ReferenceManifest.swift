import Foundation

/// What a finished reference repository holds, written last so its presence means "complete".
struct ReferenceManifest: Codable, Sendable {
    /// Bumped when the way repositories are built changes; older caches are rebuilt.
    static let currentVersion = 1

    /// The build format.
    let version: Int
    /// The size's name.
    let size: String
    /// People in the team.
    let people: Int
    /// Tasks created.
    let tasks: Int
    /// Offer and accept commits.
    let handoffCommits: Int
    /// All commits on main (init, member adds, new tasks, handoffs).
    let commits: Int
    /// The task handed over most often, for `handoff log`.
    let busiestTask: String
    /// Its path in the repository.
    let busiestTaskPath: String
    /// How many offer/accept pairs it went through.
    let busiestTaskHandoffs: Int
    /// How long building took, in seconds.
    let buildSeconds: Double

    /// Reads `path`; nil when missing, unreadable or of another version.
    static func load(_ path: String) -> ReferenceManifest? {
        guard let data = FileManager.default.contents(atPath: path),
            let manifest = try? JSONDecoder().decode(ReferenceManifest.self, from: data),
            manifest.version == currentVersion
        else { return nil }
        return manifest
    }

    /// Writes the manifest to `path`.
    /// - Throws: when it cannot be encoded or written.
    func save(_ path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(self).write(to: URL(fileURLWithPath: path))
    }
}

/// A deterministic random number generator (SplitMix64), so every build makes the same history.
struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator starting from `seed`.
    init(seed: UInt64) {
        state = seed
    }

    /// The next 64 random bits.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
