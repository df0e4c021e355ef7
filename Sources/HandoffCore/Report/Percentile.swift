/// Percentiles of durations by the nearest-rank method: the smallest value with at least p% of
/// the values at or below it, so every result is a duration that really occurred.
enum Percentile {
    /// The `percent`th percentile of `values`, nil when there are none.
    static func nearestRank(_ percent: Int, of values: [Int]) -> Int? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let rank = (percent * sorted.count + 99) / 100
        return sorted[max(rank, 1) - 1]
    }
}
