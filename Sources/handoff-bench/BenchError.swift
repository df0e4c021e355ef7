/// A benchmark step that failed: what went wrong and, where it helps, what to do about it.
struct BenchError: Error, CustomStringConvertible, Sendable {
    /// The explanation printed to standard error.
    let description: String

    /// Wraps an explanation.
    init(_ description: String) {
        self.description = description
    }
}
