/// Why the operator endpoint could not start.
public enum EndpointError: Error, Equatable, CustomStringConvertible {
    /// The `--http-address` text is not usable; the reason says which part.
    case invalidAddress(String)
    /// The OS refused a step (resolve, socket, bind, listen, thread), with its own message.
    case system(step: String, address: String, reason: String)

    public var description: String {
        switch self {
        case .invalidAddress(let reason): "invalid --http-address: \(reason)"
        case .system(let step, let address, let reason): "cannot serve on \(address): \(step): \(reason)"
        }
    }
}
