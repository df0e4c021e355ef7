import ArgumentParser

/// The task a subcommand acts on: its ID or any unambiguous prefix of it, as git takes short ids.
struct TaskIDArgument: ParsableArguments {
    @Argument(help: "The task's ID (any unambiguous prefix).")
    var id: String
}
