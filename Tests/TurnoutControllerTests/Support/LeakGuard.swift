import Foundation

/// Makes sure nothing a test started outlives the test process: every harness registers its state directory
/// and unregisters it in `tearDown()`; at exit, `turnout down` runs for each one still registered (a test
/// that threw before its tear-down), stopping its nginx, instances and accessories by the PIDs Turnout
/// recorded.
enum LeakGuard {
    nonisolated(unsafe) private static var directories: Set<String> = []
    private static let lock = NSLock()
    nonisolated(unsafe) private static var installed = false

    static func register(_ stateDirectory: String) {
        lock.withLock {
            directories.insert(stateDirectory)
            if !installed {
                installed = true
                atexit { LeakGuard.stopAll() }
            }
        }
    }

    static func unregister(_ stateDirectory: String) {
        _ = lock.withLock { directories.remove(stateDirectory) }
    }

    private static func stopAll() {
        let remaining = lock.withLock { directories }
        guard !remaining.isEmpty, FileManager.default.isExecutableFile(atPath: DeployKiller.binary) else { return }
        for directory in remaining.sorted() where FileManager.default.fileExists(atPath: directory + "/state.db") {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: DeployKiller.binary)
            process.arguments = ["down", "--state-dir", directory]
            process.standardOutput = FileHandle(forWritingAtPath: "/dev/null")
            try? process.run()
            process.waitUntilExit()
        }
    }
}
