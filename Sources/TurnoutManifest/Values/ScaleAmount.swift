/// An instance count given either absolutely (`1`) or as a share of the replicas (`25%`), as rolling
/// updates' max surge and max unavailable are.
public enum ScaleAmount: Sendable, Hashable, CustomStringConvertible {
    /// A fixed number of instances.
    case count(Int)
    /// A share of the desired replicas.
    case percent(Percentage)

    /// The instance count for `replicas` desired replicas; percentages round up when `roundUp`, down otherwise
    /// (Kubernetes rounds max surge up and max unavailable down).
    public func resolve(replicas: Int, roundUp: Bool) -> Int {
        switch self {
        case .count(let count): return count
        case .percent(let share):
            let exact = Double(replicas) * share.fraction
            return Int(roundUp ? exact.rounded(.up) : exact.rounded(.down))
        }
    }

    /// `1` or `25%`.
    public var description: String {
        switch self {
        case .count(let count): return String(count)
        case .percent(let share): return share.description
        }
    }
}
