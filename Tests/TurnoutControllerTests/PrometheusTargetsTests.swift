import Foundation
import Testing
import TurnoutRuntime
import TurnoutStrategies

@testable import TurnoutController

/// Prometheus's `file_sd` file: its exact content, which instances it lists, and that it is replaced whole
/// (no temporary file left behind, never half written).
@Suite struct PrometheusTargetsTests {
    static func instance(_ id: String, revision: Int, port: Int?, state: Instance.State = .healthy) -> FleetInstance {
        .fixture(id, service: "api", revision: revision, port: port, state: state, startedAt: Date(timeIntervalSince1970: 0))
    }

    static let two = [
        PrometheusTargets.Target(service: "worker", revision: 3, instanceID: "worker-r3-1", endpoint: .loopback(20002), metricsPath: "/metrics"),
        PrometheusTargets.Target(service: "api", revision: 2, instanceID: "api-r2-1", endpoint: .loopback(20001), metricsPath: "/internal/metrics"),
    ]

    @Test func theFileIsOneLabelledGroupPerInstance() throws {
        let text = String(decoding: try PrometheusTargets.render(Self.two), as: UTF8.self)
        #expect(text == """
            [
              {
                "labels" : {
                  "__metrics_path__" : "/internal/metrics",
                  "instance_id" : "api-r2-1",
                  "revision" : "r2",
                  "service" : "api"
                },
                "targets" : [
                  "127.0.0.1:20001"
                ]
              },
              {
                "labels" : {
                  "__metrics_path__" : "/metrics",
                  "instance_id" : "worker-r3-1",
                  "revision" : "r3",
                  "service" : "worker"
                },
                "targets" : [
                  "127.0.0.1:20002"
                ]
              }
            ]
            """)
        let decoded = try #require(try JSONSerialization.jsonObject(with: try PrometheusTargets.render(Self.two)) as? [[String: Any]])
        #expect(decoded.map { ($0["labels"] as? [String: String])?["__metrics_path__"] } == ["/internal/metrics", "/metrics"])
    }

    @Test func onlyLiveInstancesWithAPortOfAServiceWithMetricsAreListed() {
        let instances = [
            Self.instance("api-r1-1", revision: 1, port: 1001), Self.instance("api-r2-1", revision: 2, port: 1002, state: .starting),
            Self.instance("api-r2-2", revision: 2, port: 1003, state: .crashed), Self.instance("api-r2-3", revision: 2, port: 1004, state: .stopping),
            Self.instance("api-r2-4", revision: 2, port: nil),
        ]
        #expect(PrometheusTargets.targets(service: "api", metricsPath: "/metrics", instances: instances).map(\.instanceID) == ["api-r1-1", "api-r2-1"])
        #expect(PrometheusTargets.targets(service: "api", metricsPath: nil, instances: instances).isEmpty)
    }

    @Test func updatesReplaceTheWholeFileAndLeaveNothingBehind() throws {
        let directory = NSTemporaryDirectory() + "turnout-targets-\(UUID().uuidString.prefix(8))"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/prometheus/targets.json"
        let targets = PrometheusTargets(path: path)
        func listed() throws -> [String] {
            let groups = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [[String: Any]])
            return groups.compactMap { ($0["labels"] as? [String: String])?["instance_id"] }
        }
        try targets.replaceAll(Self.two)
        #expect(try listed() == ["api-r2-1", "worker-r3-1"])
        try targets.update(service: "api", [])
        #expect(try listed() == ["worker-r3-1"])
        try targets.update(service: "api", [Self.two[1], .init(service: "api", revision: 3, instanceID: "api-r3-1", endpoint: .loopback(20003), metricsPath: "/m")])
        #expect(try listed() == ["api-r2-1", "api-r3-1", "worker-r3-1"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory + "/prometheus") == ["targets.json"])
        try PrometheusTargets.clear(path: path)
        #expect(try listed() == [])
        try PrometheusTargets.clear(path: directory + "/none.json")
        #expect(!FileManager.default.fileExists(atPath: directory + "/none.json"))
    }
}

/// The targets file follows the fleets through deploys (in-memory processes and router), and `turnout down`
/// empties it.
@Suite struct PrometheusTargetsDeployTests {
    @Test func theFileListsTheLiveInstancesAfterEachDeployAndNoneAfterDown() async throws {
        let setup = try DeployControllerTests.Setup()
        defer { try? FileManager.default.removeItem(atPath: setup.harness.directory) }
        let manifest = try String(contentsOfFile: setup.harness.manifestPath, encoding: .utf8)
            .replacingOccurrences(of: "    stop_timeout: 5s\n", with: "    stop_timeout: 5s\n    metrics_path: /metrics\n")
            + "\nprometheus: {url: \"http://127.0.0.1:9\"}\n"
        try manifest.write(toFile: setup.harness.manifestPath, atomically: true, encoding: .utf8)
        let path = setup.controller.layout.prometheusTargets
        func listed() throws -> [String: Int] {
            let groups = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [[String: Any]])
            var ports: [String: Int] = [:]
            for group in groups {
                let labels = try #require(group["labels"] as? [String: String])
                #expect(labels["service"] == "web" && labels["__metrics_path__"] == "/metrics")
                #expect(labels["instance_id"]?.hasPrefix("web-\(labels["revision"] ?? "?")-") == true)
                let target = try #require((group["targets"] as? [String])?.first)
                ports[labels["revision"]!, default: 0] += target.hasPrefix("127.0.0.1:") ? 1 : 0
            }
            return ports
        }
        #expect(try await setup.deploy("v1").succeeded)
        #expect(try listed() == ["r1": 3])
        #expect(try await setup.deploy("v2").succeeded)
        #expect(try listed() == ["r2": 3])
        _ = try await setup.controller.down()
        #expect(try listed() == [:])
    }
}
