import Foundation

/// The size of a reference repository: how many people, tasks and signed handoff commits.
struct BenchSize: Sendable, Equatable {
    /// The name used on the command line and as the cache folder.
    let name: String
    /// People, each with their own Ed25519 key.
    let people: Int
    /// Tasks: each created by one `handoff new` commit, or by one `handoff import` commit per
    /// month when `importsTasks` is set.
    let tasks: Int
    /// Signed handoff commits (offers and accepts, half each).
    let handoffCommits: Int
    /// How many months the synthetic history spans (tasks go into month folders).
    let months: Int
    /// Whether tasks arrive as one import a month (as a team moving from another tracker would
    /// bring them) rather than one `new` commit each.
    var importsTasks = false

    /// 5 people, 20 tasks, 40 handoffs: what `--smoke` builds.
    static let smoke = BenchSize(name: "smoke", people: 5, tasks: 20, handoffCommits: 40, months: 2)
    /// 50 people, 1,000 tasks, 2,000 handoffs.
    static let small = BenchSize(name: "small", people: 50, tasks: 1_000, handoffCommits: 2_000, months: 12)
    /// 50 people, 100,000 tasks, 20,000 handoffs.
    static let large = BenchSize(name: "large", people: 50, tasks: 100_000, handoffCommits: 20_000, months: 100, importsTasks: true)
}

/// The command line: `handoff-bench [--size small|large] [--runs N] [--cache DIR] [--smoke]`.
struct Options: Sendable {
    /// The sizes to benchmark, in order.
    var sizes: [BenchSize] = [.small]
    /// Timed runs per measurement (the median is reported).
    var runs = 5
    /// Where reference repositories are kept between runs.
    var cache: String
    /// Whether this is the CI smoke test: a tiny repository, one run of each comparison.
    var smoke = false

    static let usage = """
        usage: handoff-bench [--size small|large|all] [--runs N] [--cache DIR] [--smoke]
          --size    which reference repository to build (cached) and measure; default small
          --runs    timed runs per measurement, the median is printed; default 5
          --cache   where reference repositories are kept; default .build-bench/ in the package root
          --smoke   a tiny repository and one run of each comparison (for CI)
        """

    /// Parses `arguments` (without the program name).
    /// - Throws: `BenchError` with the usage for an unknown or malformed argument.
    init(arguments: [String], packageRoot: String) throws {
        cache = packageRoot + "/.build-bench"
        var remaining = arguments[...]
        func value(_ flag: String) throws -> String {
            guard let next = remaining.popFirst(), !next.hasPrefix("--") else {
                throw BenchError("\(flag) needs a value\n\(Self.usage)")
            }
            return next
        }
        while let argument = remaining.popFirst() {
            switch argument {
            case "--size":
                switch try value(argument) {
                case "small": sizes = [.small]
                case "large": sizes = [.large]
                case "all": sizes = [.small, .large]
                case let other: throw BenchError("unknown size '\(other)'; use small, large or all\n\(Self.usage)")
                }
            case "--runs":
                let text = try value(argument)
                guard let count = Int(text), count > 0 else { throw BenchError("--runs takes a positive number, not '\(text)'") }
                runs = count
            case "--cache":
                let path = try value(argument)
                cache = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
            case "--smoke":
                smoke = true
            case "--help", "-h":
                throw BenchError(Self.usage)
            default:
                throw BenchError("unknown argument '\(argument)'\n\(Self.usage)")
            }
        }
        if smoke {
            sizes = [.smoke]
            runs = 1
        }
    }
}
