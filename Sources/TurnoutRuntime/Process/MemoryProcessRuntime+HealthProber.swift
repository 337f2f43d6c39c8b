import TurnoutManifest

extension MemoryProcessRuntime: HealthProber {
    /// Passes when a running simulated instance listens on `port` and is marked healthy; fails like a real
    /// probe otherwise (`connection refused` when nothing runs there).
    public func probe(_ check: HealthCheck, host: String, port: Int) async -> ProbeResult {
        guard let instance = runningInstance(onPort: port) else {
            return .failed(reason: "connection refused (\(host):\(port))")
        }
        if instance.healthy { return .passed }
        switch check.probe {
        case .http(let path, let expectStatus):
            return .failed(reason: "HTTP 503 from \(host):\(port)\(path) (expected \(expectStatus))")
        case .tcp:
            return .failed(reason: "connection refused (\(host):\(port))")
        case .command(let argv):
            return .failed(reason: "command \(argv.first ?? "") exited 1")
        }
    }
}
