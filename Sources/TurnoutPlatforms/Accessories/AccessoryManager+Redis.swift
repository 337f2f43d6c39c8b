import Foundation
import TurnoutRuntime
import Glibc
import TurnoutManifest

extension AccessoryManager {
    /// Starts `redis-server` in the foreground in its own session, logging to `STATE/NAME/redis.log`. It listens
    /// on TCP only (no Unix socket) and writes no pid file, so no path of it has a length limit below
    /// `PATH_MAX`.
    func startRedis(_ accessory: Accessory, directory: String) async throws -> AccessoryRecord {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        guard !PortAllocator.hasListener(accessory.port) else {
            throw RuntimeError(
                .accessoryUnavailable, "port \(accessory.port) for \(accessory.name) is already in use",
                hint: "stop whatever listens there or choose another port")
        }
        let logPath = (directory as NSString).appendingPathComponent("redis.log")
        let argv = AccessoryCommands.redisServer(
            executable: redisServer, port: accessory.port, directory: directory, maxMemory: accessory.maxMemory,
            alsoListenOn: extraListen?.address)
        let spec = ProcessSpec(
            service: accessory.name, revision: 0, ordinal: 0, argv: argv, environment: Self.inheritedEnvironment(),
            port: accessory.port, workingDirectory: directory, logPath: logPath)
        let logStart = AccessoryLog.size(of: logPath)
        let process = try await runtime.start(spec)
        do {
            try await waitUntilReady(
                .redis, port: accessory.port, pid: process.pid, name: accessory.name, log: logPath, since: logStart)
        } catch {
            _ = try? await runtime.stop(process, timeout: .seconds(5))
            throw error
        }
        var record = AccessoryRecord(
            name: accessory.name, kind: accessory.kind.rawValue, managed: true, pid: process.pid,
            processStartTime: process.startTime, host: "127.0.0.1", port: accessory.port,
            directory: directory, logPath: logPath, url: accessory.url, startedAt: Date())
        record.extraListenAddress = extraListen?.address
        return record
    }

    /// Whether a Redis server on `127.0.0.1:port` answers `PING` with `+PONG`.
    static func redisPing(port: Int, timeout: TimeSpan = .seconds(2)) async -> Bool {
        await BlockingExecutor.run {
            let deadline = ContinuousClock.now + timeout.duration
            do {
                let connection = try TCPConnection.connect(host: "127.0.0.1", port: port, deadline: deadline)
                try connection.send(Array("*1\r\n$4\r\nPING\r\n".utf8), until: deadline)
                let reply = try connection.receive(until: Array("\r\n".utf8), limit: 64, deadline: deadline)
                return reply.starts(with: Array("+PONG".utf8))
            } catch {
                return false
            }
        }
    }

    /// Turnout's own environment, for the servers and tools it runs on its behalf.
    static func inheritedEnvironment() -> [EnvironmentVariable] {
        ProcessInfo.processInfo.environment.sorted { $0.key < $1.key }.map {
            EnvironmentVariable(name: $0.key, value: $0.value)
        }
    }
}
