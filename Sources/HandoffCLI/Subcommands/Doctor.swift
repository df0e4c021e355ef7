import ArgumentParser
import HandoffCore

/// `handoff doctor`: checks that this clone and this person can make verifiable handoffs.
struct DoctorCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check identity, signing key and format, your key in the policy, commit signing and verifying, hooks, merge driver and libgit2.",
        discussion: "Prints one line per check; each problem says how to fix it. Exits 1 when there is a problem.")

    func run() throws {
        let checks = try CLIEnvironment.handoff.doctor()
        let output = CLIEnvironment.output
        let style = TerminalStyle.current
        for check in checks {
            if let fix = check.fix {
                output.line("\(style.red("✗")) \(check.name): \(check.finding); fix: \(fix)")
            } else {
                output.line("\(style.green("✓")) \(check.name): \(check.finding)")
            }
        }
        let problems = checks.count { $0.isProblem }
        if problems > 0 {
            output.diagnostic("handoff doctor: \(problems) problem\(problems == 1 ? "" : "s") found")
            throw ExitCode(1)
        }
    }
}
