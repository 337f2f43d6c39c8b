import Foundation
import Testing
import TurnoutManifest

@testable import TurnoutRuntime

/// The controller persists records as JSON; they must survive the round trip exactly, and records the local
/// runtime wrote before records were platform-neutral must still read.
@Suite struct InstanceRecordTests {
    @Test func recordsRoundTripThroughJSON() throws {
        let record = InstanceRecord(
            id: "api-r3-1", service: "api", revision: 3, ordinal: 1, endpoint: .loopback(20001),
            handle: InstanceHandle(kind: "container", id: "3f2a1b9c0d4e", attributes: ["node": "n1"]),
            startedAt: Date(timeIntervalSince1970: 1_700_000_000.25), state: .exited, exitCode: 3,
            readyAt: Date(timeIntervalSince1970: 1_700_000_002.5), publishedPorts: [9101: .loopback(49_155)])
        let decoded = try JSONDecoder().decode(InstanceRecord.self, from: JSONEncoder().encode(record))
        #expect(decoded == record)
    }

    @Test func aRecordOfTheLocalRuntimeFromBeforeTheSeamReadsAsAProcessHandle() throws {
        let old = #"{"id":"api-r3-1","service":"api","revision":3,"ordinal":1,"pid":4242,"processStartTime":987654,"port":20001,"logPath":"/srv/logs/api-r3-1.log","startedAt":721692800.25,"state":"running"}"#
        let record = try JSONDecoder().decode(InstanceRecord.self, from: Data(old.utf8))
        #expect(record.endpoint == .loopback(20001))
        #expect(record.handle == InstanceHandle(kind: "process", id: "4242:987654", attributes: ["pid": "4242", "startTime": "987654", "log": "/srv/logs/api-r3-1.log"]))
        #expect(record.state == .running && record.readyAt == nil)
    }

    @Test func aHealthCheckPortIsReachedWhereItIsPublished() {
        let record = InstanceRecord(id: "w-r1-1", service: "w", revision: 1, ordinal: 1, endpoint: Endpoint(host: "10.0.0.2", port: 30_001),
                                    handle: InstanceHandle(kind: "memory", id: "m1"), startedAt: Date(), publishedPorts: [9101: .loopback(49_155)])
        #expect(record.endpoint(forPort: nil) == Endpoint(host: "10.0.0.2", port: 30_001))
        #expect(record.endpoint(forPort: 9101) == .loopback(49_155))
        #expect(record.endpoint(forPort: 9200) == Endpoint(host: "10.0.0.2", port: 9200))
    }

    @Test func specsSubstituteThePortAndCarryTheirLabels() {
        let spec = InstanceSpec(app: "blog", service: "api", revision: 3, ordinal: 1, workload: .image("sha256:abc", command: []), port: 8000)
        #expect(spec.instanceID == "api-r3-1")
        #expect(spec.labels == ["io.turnout.app": "blog", "io.turnout.service": "api", "io.turnout.revision": "3", "io.turnout.instance": "api-r3-1"])
        #expect(InstanceSpec.substitutingPort(in: ["turnout-api", "--port", "${PORT}", "--x=${PORT}"], port: 20001) == ["turnout-api", "--port", "20001", "--x=20001"])
    }

    @Test func waitStatusWordsDecode() {
        #expect(WaitStatus.decode(3 << 8) == .exited(code: 3))
        #expect(WaitStatus.decode(0) == .exited(code: 0))
        #expect(WaitStatus.decode(9) == .signalled(signal: 9))
        #expect(WaitStatus.decode(0x7f | (19 << 8)) == nil)  // stopped, not ended
    }
}
