import Foundation
import Testing
import TurnoutState

/// Runs `turnout deploy` of v2 as a process of its own and kills it with SIGKILL once the store shows an event
/// whose message contains `marker`: the crash a recovery test then repairs.
enum DeployKiller {
    /// The debug turnout binary of this checkout.
    static let binary: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<4 { url.deleteLastPathComponent() }
        return url.path + "/.build/debug/turnout"
    }()

    static func kill(manifest: String, stateDirectory: String, strategy: String, marker: String, within seconds: TimeInterval = 60) async throws {
        #expect(FileManager.default.isExecutableFile(atPath: binary), "build turnout first (swift build): \(binary)")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["deploy", manifest, "--state-dir", stateDirectory, "--version-label", "v2",
                             "--strategies", ControllerHarness.strategies, "--strategy", strategy, "--output", "json"]
        process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
        try process.run()
        let store = try SQLiteStateStore(path: stateDirectory + "/state.db")
        let deadline = Date().addingTimeInterval(seconds)
        var seen = false
        while Date() < deadline, !seen {
            if let deploy = try store.unfinishedDeploy() { seen = try store.events(deployID: deploy.id).contains { $0.message.contains(marker) } }
            if !seen { try await Task.sleep(for: .milliseconds(20)) }
        }
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(seen, "the deploy never reached '\(marker)'")
    }
}
