import TurnoutManifest

extension MemoryInstanceRuntime: HealthProber {
    /// Passes when the simulated instance runs and is marked healthy; fails like a real probe otherwise
    /// (`connection refused` when it does not run).
    public func probe(_ check: HealthCheck, instance record: InstanceRecord) async -> ProbeResult {
        let place = record.endpoint(forPort: check.port)?.description ?? record.id
        guard let instance = running(record) else {
            return .failed(reason: "connection refused (\(place))")
        }
        if instance.healthy { return .passed }
        switch check.probe {
        case .http(let path, let expectStatus):
            return .failed(reason: "HTTP 503 from \(place)\(path) (expected \(expectStatus))")
        case .tcp:
            return .failed(reason: "connection refused (\(place))")
        case .command(let argv):
            return .failed(reason: "command \(argv.first ?? "") exited 1")
        }
    }
}
