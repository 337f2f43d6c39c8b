import Foundation
import TurnoutRuntime

extension DeployController {
    /// The accessory records kept in `STATE/accessories/NAME.json` (the files Turnout started servers from, or
    /// checked them by), in name order, each with the path of its file.
    func accessoryRecords() -> [(path: String, record: AccessoryRecord)] {
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: layout.accessories)) ?? [])
            .filter { $0.hasSuffix(".json") }.sorted()
        return files.compactMap { file in
            let path = layout.accessories + "/" + file
            let data = FileManager.default.contents(atPath: path)
            return data.flatMap { try? JSONDecoder().decode(AccessoryRecord.self, from: $0) }.map { (path, $0) }
        }
    }

    /// What `turnout status` says about each recorded accessory: whether its server still runs, and where its
    /// files and socket are (a PostgreSQL may keep them outside the state directory).
    func accessoryStatuses() -> [StatusReport.AccessoryStatus] {
        let manager = AccessoryManager(stateDirectory: layout.accessories)
        return accessoryRecords().map { _, record in
            let state = !record.managed ? "external" : manager.isRunning(record) ? "running" : "not running"
            return StatusReport.AccessoryStatus(
                name: record.name, kind: record.kind, state: state, pid: record.managed ? record.pid : nil,
                endpoint: "\(record.host):\(record.port)", directory: record.directory, socketDirectory: record.socketDirectory)
        }
    }
}
