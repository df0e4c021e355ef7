import Foundation

/// Wall-clock time since it was made, on the monotonic clock.
struct Stopwatch: Sendable {
    private let start = ContinuousClock.now

    /// Seconds elapsed since the stopwatch was made.
    var seconds: Double {
        let elapsed = ContinuousClock.now - start
        return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    }
}

/// The timings of several runs of one measurement.
struct Samples: Sendable {
    /// Wall time of each run, in seconds.
    private(set) var seconds: [Double] = []

    /// Records one run.
    mutating func add(seconds value: Double) {
        seconds.append(value)
    }

    /// Records one subprocess run.
    mutating func add(_ result: ProcessResult) {
        add(seconds: result.seconds)
    }

    /// The median run time in seconds (0 when there were no runs).
    var median: Double {
        let sorted = seconds.sorted()
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    /// How many runs were recorded.
    var count: Int { seconds.count }
}

/// Measures a closure `runs` times; `prepare` runs before each timed call and is not timed.
/// Measurements whose median exceeds `slow` seconds stop after three runs.
enum Timing {
    /// Above this median (seconds), three runs are enough.
    static let slow = 5.0

    /// Whether a measurement with `samples` so far should stop before `runs`.
    static func enough(_ samples: Samples) -> Bool {
        samples.count >= 3 && samples.median > slow
    }

    /// Times an in-process call.
    static func measure(runs: Int, prepare: (Int) throws -> Void = { _ in }, _ body: (Int) throws -> Void) throws -> Samples {
        var samples = Samples()
        for run in 0..<runs where !enough(samples) {
            try prepare(run)
            let stopwatch = Stopwatch()
            try body(run)
            samples.add(seconds: stopwatch.seconds)
        }
        return samples
    }

    /// Times a subprocess per run, from spawn to reaping.
    static func measureProcess(runs: Int, prepare: (Int) throws -> Void = { _ in }, _ body: (Int) throws -> ProcessResult) throws -> Samples {
        var samples = Samples()
        for run in 0..<runs where !enough(samples) {
            try prepare(run)
            samples.add(try body(run))
        }
        return samples
    }
}
