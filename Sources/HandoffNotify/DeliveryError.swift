/// Why a message was not delivered.
public enum DeliveryError: Error, Sendable, Equatable {
    /// It may go through later (a relay or webhook down, a timeout): retried with back-off.
    case temporary(String)
    /// It cannot go through as it is (an address that is not plain, a webhook the server does
    /// not define): kept aside, never dropped, until `notify --retry` after the fix.
    case permanent(String)

    /// What went wrong, in one line.
    public var message: String {
        switch self {
        case .temporary(let message), .permanent(let message): message
        }
    }
}
