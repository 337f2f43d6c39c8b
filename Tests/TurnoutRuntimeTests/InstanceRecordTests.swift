import Foundation
import Testing
import TurnoutManifest

@testable import TurnoutRuntime

/// The controller persists specs and records as JSON; they must survive the round trip exactly.
@Suite struct InstanceRecordTests {
    @Test func specAndRecordRoundTripThroughJSON() throws {
        let spec = InstanceSpec(
            service: "api", revision: 3, ordinal: 1,
            argv: InstanceSpec.substitutingPort(in: ["turnout-api", "--port", "${PORT}", "--x=${PORT}"], port: 20001),
            environment: [
                EnvironmentVariable(name: "Z", value: "last"), EnvironmentVariable(name: "A", value: "a=b"),
            ],
            port: 20001, workingDirectory: "/srv", logPath: "/srv/logs/api-r3-1.log",
            stopTimeout: TimeSpan(milliseconds: 1500))
        #expect(spec.argv == ["turnout-api", "--port", "20001", "--x=20001"])
        #expect(spec.instanceID == "api-r3-1")
        let decodedSpec = try JSONDecoder().decode(InstanceSpec.self, from: JSONEncoder().encode(spec))
        #expect(decodedSpec == spec)

        let record = InstanceRecord(
            id: spec.instanceID, service: "api", revision: 3, ordinal: 1, pid: 4242, processStartTime: 987_654,
            port: 20001, logPath: spec.logPath, startedAt: Date(timeIntervalSince1970: 1_700_000_000.25),
            state: .exited, exitCode: 3)
        let decodedRecord = try JSONDecoder().decode(InstanceRecord.self, from: JSONEncoder().encode(record))
        #expect(decodedRecord == record)
    }

    @Test func waitStatusWordsDecode() {
        #expect(WaitStatus.decode(3 << 8) == .exited(code: 3))
        #expect(WaitStatus.decode(0) == .exited(code: 0))
        #expect(WaitStatus.decode(9) == .signalled(signal: 9))
        #expect(WaitStatus.decode(0x7f | (19 << 8)) == nil)  // stopped, not ended
    }
}
