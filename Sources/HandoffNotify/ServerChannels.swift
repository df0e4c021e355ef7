import Foundation
import GitKit

/// Where messages go, as the server's own git config says (never the repository's files, which
/// every clone reads): the sender, the sendmail program, curl, and each webhook's URL, secret
/// and format.
///
///     git config handoff.notify.from handoff@example.com
///     git config handoff.notify.sendmail "msmtp -t -i"        # default: sendmail -t -i
///     git config handoff.webhook.ops-chat.url https://chat.example.com/hooks/…
///     git config handoff.webhook.ops-chat.secret "$(openssl rand -hex 32)"
///     git config handoff.webhook.ops-chat.format slack        # or json (default)
public struct ServerChannels {
    /// One webhook.
    public struct Webhook: Sendable {
        /// Where to POST.
        public let url: String
        /// The HMAC-SHA256 key; nil: unsigned.
        public let secret: String?
        /// The body's form.
        public let format: WebhookPayload.Format
    }

    /// The From address.
    public let sender: String
    /// The shell command that takes a message on standard input and sends it.
    public let sendmail: String
    /// The curl program.
    public let curl: String
    /// Whether the post-receive hook starts delivery at once (`background`, the default) or
    /// leaves it to `handoff notify` from cron (`manual`).
    public let deliversInBackground: Bool
    private let config: GitConfig

    /// The channels of `config`.
    /// - Throws: `GitError` when the config cannot be read.
    public init(config: GitConfig) throws(GitError) {
        self.config = config
        var host = [CChar](repeating: 0, count: 256)
        let hostName = gethostname(&host, host.count) == 0 ? String(cString: host) : "localhost"
        sender = try config.string("handoff.notify.from") ?? "handoff@" + (hostName.contains(".") ? hostName : hostName + ".localdomain")
        sendmail = try config.string("handoff.notify.sendmail") ?? "sendmail -t -i"
        curl = try config.string("handoff.notify.curl") ?? "curl"
        deliversInBackground = try config.string("handoff.notify.deliver") != "manual"
    }

    /// The webhook named `name`.
    /// - Throws: `DeliveryError.permanent` when the server defines none, or its format is unknown.
    func webhook(_ name: String) throws(DeliveryError) -> Webhook {
        do {
            guard let url = try config.string("handoff.webhook.\(name).url"), !url.isEmpty else {
                throw DeliveryError.permanent("the server defines no webhook '\(name)'; set it with 'git config handoff.webhook.\(name).url URL' on the server")
            }
            let formatName = try config.string("handoff.webhook.\(name).format") ?? "json"
            guard let format = WebhookPayload.Format(rawValue: formatName) else {
                throw DeliveryError.permanent("handoff.webhook.\(name).format is '\(formatName)'; use json or slack")
            }
            return Webhook(url: url, secret: try config.string("handoff.webhook.\(name).secret"), format: format)
        } catch let error as DeliveryError {
            throw error
        } catch {
            throw .temporary("cannot read the server's git config: \(error)")
        }
    }
}
