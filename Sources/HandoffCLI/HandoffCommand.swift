import ArgumentParser
import HandoffCore

public struct HandoffCommand: AsyncParsableCommand {
    public init() {}
}
