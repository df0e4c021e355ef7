import HandoffCore

/// ANSI styling for people at a terminal: on only when standard output is a TTY and `NO_COLOR`
/// is unset (https://no-color.org); otherwise every function returns its text unchanged.
struct TerminalStyle {
    let enabled: Bool

    /// The style for this invocation's output and environment.
    static var current: TerminalStyle {
        let environment = CLIEnvironment.current.context.environment
        return TerminalStyle(enabled: CLIEnvironment.output.isTerminal && (environment["NO_COLOR"] ?? "").isEmpty)
    }

    func bold(_ text: String) -> String { wrap(text, "1") }
    func dim(_ text: String) -> String { wrap(text, "2") }
    func red(_ text: String) -> String { wrap(text, "31") }
    func green(_ text: String) -> String { wrap(text, "32") }
    func yellow(_ text: String) -> String { wrap(text, "33") }
    func cyan(_ text: String) -> String { wrap(text, "36") }

    private func wrap(_ text: String, _ code: String) -> String {
        enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text
    }
}
