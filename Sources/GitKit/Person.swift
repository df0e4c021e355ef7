/// A name, email and moment, as git records an author or committer.
public struct Person: Sendable, Equatable {
    /// The name, e.g. "Alice Example".
    public var name: String
    /// The email, e.g. "alice@example.com".
    public var email: String
    /// Seconds since 1970 (UTC).
    public var time: Int64
    /// The zone offset in minutes east of UTC.
    public var offsetMinutes: Int32

    /// A person at a moment.
    public init(name: String, email: String, time: Int64, offsetMinutes: Int32 = 0) {
        self.name = name
        self.email = email
        self.time = time
        self.offsetMinutes = offsetMinutes
    }
}
