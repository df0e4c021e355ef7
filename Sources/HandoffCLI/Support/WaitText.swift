import HandoffCore

/// How long an offer has waited, in the words `status` and `inbox` both use: "waited 3h of
/// 4h", or "overdue by 2h" once its response time (or its own deadline) has passed.
enum WaitText {
    /// The words for `task`'s pending offer, and whether it is overdue; nil without an offer.
    static func words(_ task: HandoffTask, _ status: Status) -> (text: String, overdue: Bool)? {
        guard let wait = status.wait(of: task) else { return nil }
        if wait.waited > wait.allowed { return ("overdue by \(DurationText.words(wait.waited - wait.allowed))", true) }
        return ("waited \(DurationText.words(wait.waited)) of \(DurationText.words(wait.allowed))", false)
    }
}
