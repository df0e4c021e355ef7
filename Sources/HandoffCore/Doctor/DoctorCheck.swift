/// One thing `handoff doctor` looked at: what it found, and for a problem, how to fix it.
public struct DoctorCheck: Sendable, Equatable {
    /// What was checked, e.g. `identity`, `hooks`.
    public let name: String
    /// What was found (when fine) or what is wrong (when not).
    public let finding: String
    /// One line saying how to fix it; nil when it is fine.
    public let fix: String?

    /// True when something needs fixing.
    public var isProblem: Bool { fix != nil }

    /// A check that passed.
    static func ok(_ name: String, _ finding: String) -> DoctorCheck {
        DoctorCheck(name: name, finding: finding, fix: nil)
    }

    /// A problem and its fix.
    static func problem(_ name: String, _ finding: String, fix: String) -> DoctorCheck {
        DoctorCheck(name: name, finding: finding, fix: fix)
    }
}
