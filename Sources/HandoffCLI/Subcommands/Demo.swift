import ArgumentParser
import HandoffCore

/// `handoff demo`: a handoff between two people, told and then shown by plain git.
struct DemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Show a handoff between two people in a temporary repository, and git's view of it.")

    func run() throws {
        let output = CLIEnvironment.output
        try Demo(environment: CLIEnvironment.current.context.environment, say: output.line).run()
    }
}
