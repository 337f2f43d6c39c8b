import Foundation
import TurnoutController
import TurnoutRuntime
import TurnoutStrategies

extension FleetInstance {
    /// An instance of `service` on a loopback `port` (none: no endpoint), for tests that need no platform.
    static func fixture(_ id: String, service: String = "web", revision: Int, port: Int?, state: Instance.State = .healthy,
                        startedAt: Date = Date(), readyAt: Date? = nil) -> FleetInstance {
        FleetInstance(record: InstanceRecord(id: id, service: service, revision: revision, ordinal: 1, endpoint: port.map(Endpoint.loopback),
                                             handle: InstanceHandle(kind: "memory", id: id), startedAt: startedAt, readyAt: readyAt), state: state)
    }
}
