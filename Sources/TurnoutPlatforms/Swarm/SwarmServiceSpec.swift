import Foundation
import TurnoutManifest
import TurnoutRuntime

/// The Engine API's ServiceSpec of one instance (a Swarm service of one replica), built as a dictionary of the
/// fields Turnout sets.
enum SwarmServiceSpec {
    static func make(_ spec: InstanceSpec, name: String, image: String, command: [String], ports: [Int], labels: [String: String],
                     network: String, settings: SwarmSettings) -> [String: Any] {
        var environment = spec.environment.filter { !DockerInstanceRuntime.hostOnlyVariables.contains($0.name) }.map { "\($0.name)=\($0.value)" }
        if let port = spec.port { environment.append("PORT=\(port)") }
        var container: [String: Any] = [
            "Image": image, "Env": environment, "Labels": labels, "Init": true, "StopSignal": "SIGTERM",
            "StopGracePeriod": Int64(spec.stopTimeout.seconds * 1e9),
        ]
        if !command.isEmpty { container["Command"] = InstanceSpec.substitutingPort(in: command, port: spec.port ?? 0) }
        var limits: [String: Any] = [:]
        if let cpu = spec.cpuLimit { limits["NanoCPUs"] = Int64(cpu * 1e9) }
        if let memory = spec.memoryLimit { limits["MemoryBytes"] = memory }
        var placement: [String: Any] = [:]
        if !settings.constraints.isEmpty { placement["Constraints"] = settings.constraints }
        if !settings.spread.isEmpty { placement["Preferences"] = settings.spread.map { ["Spread": ["SpreadDescriptor": $0]] } }
        var serviceLabels = labels
        if let port = spec.port { serviceLabels["io.turnout.port"] = String(port) }
        return [
            "Name": name, "Labels": serviceLabels,
            "TaskTemplate": [
                "ContainerSpec": container, "Resources": ["Limits": limits],
                // Swarm brings a failed or lost task back (on another node when its node is gone); Turnout only
                // routes to it once it passes its health check again.
                "RestartPolicy": ["Condition": "any", "Delay": Int64(1e9), "MaxAttempts": 0],
                "Placement": placement, "Networks": [["Target": network]],
            ] as [String: Any],
            "Mode": ["Replicated": ["Replicas": 1]],
            "EndpointSpec": ["Mode": "dnsrr", "Ports": ports.map { ["Protocol": "tcp", "TargetPort": $0, "PublishMode": "host"] }],
        ]
    }
}
