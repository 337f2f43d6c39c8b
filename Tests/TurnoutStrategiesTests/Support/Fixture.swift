import TurnoutManifest
import TurnoutStrategies

/// Builders for table tests: instances named `<revision>-<n>` in start order, observations around them.
enum Fixture {
    static let web = Service(name: "api", role: .web, port: 8080, replicas: 3, stopTimeout: .seconds(10))
    static let worker = Service(name: "email", role: .worker, replicas: 3, queues: ["email"], stopTimeout: .seconds(60))
    static let grace: Duration = .seconds(10)

    /// Instances of `revision` in the given states, numbered from `from`.
    static func instances(_ revision: RevisionID, _ states: [Instance.State], from: Int = 1) -> [Instance] {
        states.enumerated().map { offset, state in
            Instance(id: InstanceID("\(revision)-\(from + offset)"), revision: revision, state: state)
        }
    }

    static func ids(_ names: String...) -> [InstanceID] { names.map { InstanceID($0) } }

    static func upstream(_ names: String...) -> TrafficState { .upstream(Set(names.map { InstanceID($0) })) }

    static func weights(canary: Int) -> TrafficState {
        .weights(
            [TrafficWeight(revision: "v2", percent: canary), TrafficWeight(revision: "v1", percent: 100 - canary)]
                .filter { $0.percent > 0 })
    }

    /// An observation of `v1` (stable) -> `v2` (new) with `desired` replicas.
    static func observe(
        desired: Int = 3, old: [Instance.State], new: [Instance.State] = [], traffic: TrafficState,
        phase: RolloutProgress.Phase = .pending, step: Int = 0, verdicts: [AnalysisVerdict] = [],
        rolloutElapsed: Duration = .seconds(100), stepElapsed: Duration = .zero, commands: [OperatorCommand.Kind] = [],
        progress: RolloutProgress? = nil
    ) -> Observation {
        Observation(
            desiredReplicas: desired, stableRevision: "v1", newRevision: "v2",
            instances: instances("v1", old) + instances("v2", new), traffic: traffic, verdicts: verdicts,
            rolloutElapsed: rolloutElapsed, stepElapsed: stepElapsed,
            commands: commands.enumerated().map { OperatorCommand(sequence: $0.offset + 1, kind: $0.element) },
            progress: progress ?? RolloutProgress(phase: phase, step: step))
    }

    static func pass(at seconds: Int64) -> AnalysisVerdict { AnalysisVerdict(.pass, at: .seconds(seconds)) }

    static func fail(at seconds: Int64, _ why: String = "error_rate 1% > 0.1%") -> AnalysisVerdict {
        AnalysisVerdict(.fail(why), at: .seconds(seconds))
    }

    static func unclear(at seconds: Int64, _ why: String = "3 requests < 50") -> AnalysisVerdict {
        AnalysisVerdict(.inconclusive(why), at: .seconds(seconds))
    }
}
