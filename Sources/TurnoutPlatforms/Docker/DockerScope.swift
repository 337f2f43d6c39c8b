import Crypto
import Foundation
import TurnoutRuntime

/// What ties the engine's objects to one state directory: a short hash of its path, in every container's
/// `io.turnout.scope` label and name, so that two state directories deploying apps of the same name on one
/// engine never adopt, route to or stop each other's containers, and nothing Turnout did not start is touched.
public struct DockerScope: Sendable, Hashable {
    /// The label holding the scope.
    public static let label = "io.turnout.scope"

    /// The application.
    public let app: String
    /// 12 hex digits of SHA-256 of the state directory's path.
    public let hash: String

    /// The scope of `app` in the state directory `layout`.
    public init(app: String, layout: StateLayout) {
        self.app = app
        hash = SHA256.hash(data: Data(layout.root.utf8)).prefix(6).map { String(format: "%02x", $0) }.joined()
    }

    /// The labels every container of this scope carries (beside the instance's own).
    public var labels: [String: String] { [InstanceLabels.app: app, Self.label: hash] }

    /// The name of instance `id`'s container.
    public func containerName(_ id: String) -> String { "\(app)-\(id)-\(hash)" }

    /// The bridge network the app's containers join (its gateway is where they reach this host's accessories).
    public var network: String { "turnout-\(app)-\(hash)" }
}
