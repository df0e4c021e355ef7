import Foundation
import GitKit
import HandoffModel

/// Who is acting, as git would record them: author and committer from `GIT_AUTHOR_*` and
/// `GIT_COMMITTER_*` when set, else `user.name`/`user.email`, at the current time or `GIT_*_DATE`.
public struct Identity: Sendable, Equatable {
    /// The commit's author.
    public let author: Person
    /// The commit's committer; their email is the actor every rule checks.
    public let committer: Person

    /// The actor's email (the committer's).
    public var email: String { committer.email }

    /// When the actor acts: the committer's time, which every operation records.
    public var time: Timestamp { Timestamp(seconds: committer.time, offsetMinutes: committer.offsetMinutes) }

    /// Resolves the identity git would use.
    /// - Throws: `HandoffError.environment` saying how to set a missing name or email.
    public init(config: GitConfig, environment: [String: String], now: Int64) throws(HandoffError) {
        let configName: String?
        let configEmail: String?
        do {
            configName = try config.string("user.name")
            configEmail = try config.string("user.email")
        } catch {
            throw .git(error)
        }
        func person(_ role: String) throws(HandoffError) -> Person {
            guard let email = environment["GIT_\(role)_EMAIL"] ?? configEmail ?? environment["EMAIL"],
                !email.isEmpty
            else {
                throw .environment("git has no email for you; run: git config user.email you@example.com")
            }
            guard let name = environment["GIT_\(role)_NAME"] ?? configName, !name.isEmpty else {
                throw .environment("git has no name for you; run: git config user.name 'Your Name'")
            }
            for value in [name, email] where value.contains(where: { $0.isNewline || $0 == "<" || $0 == ">" }) {
                throw .environment("your git name or email contains a newline or angle bracket; fix user.name/user.email")
            }
            var time = Timestamp(seconds: now)
            if let date = environment["GIT_\(role)_DATE"] {
                guard let parsed = GitDate.parse(date) else {
                    throw .environment("GIT_\(role)_DATE '\(date)' is not a date git understands; use '@SECONDS +0000' or ISO 8601")
                }
                time = parsed
            }
            // git writes a commit time as unsigned decimal seconds and a four-digit zone; handoff
            // writes the same moment into task files: keep to what both can say.
            guard (0...Timestamp.latestRecordable).contains(time.seconds), abs(time.offsetMinutes) < 100 * 60 else {
                throw .environment("the \(role.lowercased()) time (\(time.seconds) s since 1970, zone \(time.offsetMinutes) min) is before 1970, after 9999 or in no real zone; git cannot record it as handoff writes it, so check the clock or GIT_\(role)_DATE")
            }
            return Person(name: name, email: email, time: time.seconds, offsetMinutes: time.offsetMinutes)
        }
        author = try person("AUTHOR")
        committer = try person("COMMITTER")
    }
}

/// The date formats git accepts in `GIT_AUTHOR_DATE`/`GIT_COMMITTER_DATE` that people use most.
enum GitDate {
    /// Parses `@1700000000 +0100`, `1700000000 +0100` (git's internal form) or ISO 8601.
    static func parse(_ text: String) -> Timestamp? {
        let parts = text.split(separator: " ")
        var secondsText = parts.first.map(String.init) ?? ""
        if secondsText.hasPrefix("@") { secondsText.removeFirst() }
        if let seconds = Int64(secondsText) {
            var offset: Int32 = 0
            if parts.count == 2 {
                // `±hhmm`, as git writes a zone; anything longer could overflow the minutes.
                let zone = parts[1]
                guard zone.count == 5, zone.first == "+" || zone.first == "-", let hhmm = Int32(zone.dropFirst()),
                    zone.dropFirst().allSatisfy(\.isASCII)
                else { return nil }
                offset = (zone.first == "-" ? -1 : 1) * ((hhmm / 100) * 60 + hhmm % 100)
            }
            return Timestamp(seconds: seconds, offsetMinutes: offset)
        }
        return Timestamp(iso8601: text)
    }
}
