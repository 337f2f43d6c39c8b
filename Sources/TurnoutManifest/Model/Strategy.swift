/// A rollout strategy: how a new release replaces the running one.
public enum Strategy: Sendable, Hashable {
    /// Replace instances in batches.
    case rolling(RollingStrategy)
    /// Start a full new set beside the old, switch all traffic at once.
    case blueGreen(BlueGreenStrategy)
    /// Shift traffic to the new release in weighted steps.
    case canary(CanaryStrategy)

    /// The strategy's name as written in files: `rolling`, `blue-green`, `canary`.
    public var kindName: String {
        switch self {
        case .rolling: return "rolling"
        case .blueGreen: return "blue-green"
        case .canary: return "canary"
        }
    }

    /// The names strategy files and `--strategy` accept.
    public static let kindNames = ["rolling", "blue-green", "canary"]
}
