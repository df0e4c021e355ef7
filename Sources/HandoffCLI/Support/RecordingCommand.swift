/// A command that records something in the repository (a commit): once it has, a failure to
/// print what it did is a warning, and the command still exits 0, so that nobody runs it
/// again and records it twice.
protocol RecordingCommand {}
