/// The addresses members are named by: plain ASCII emails, as git records them.
package enum MemberAddress {
    /// What to do when `email` is not a member: ask an admin to add it, or, for an address
    /// `member add` refuses, first set one it accepts.
    package static func advice(forNonMember email: String) -> String {
        isValid(email)
            ? "ask an admin to run 'handoff member add \(email) --key KEY'"
            : "members are named by plain ASCII addresses, so set one as your git user.email (git config user.email …) and ask an admin to add that"
    }

    /// True when `email` is an address `member add` accepts.
    package static func isValid(_ email: String) -> Bool {
        let parts = email.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".")
            && email.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7f && !"<>,\"'{}[]:#".unicodeScalars.contains($0) }
    }
}
