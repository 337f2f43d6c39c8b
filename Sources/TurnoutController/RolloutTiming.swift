/// Where a rollout's wall time went, so that Turnout's own overhead can be told apart from what the
/// application and the strategy impose:
/// - `startup`: spawning new instances and waiting while they were starting (not yet healthy);
/// - `shutdown`: stopping instances (graceful drain up to their stop timeout);
/// - `waits`: holding for the strategy's pauses, analysis windows and scale-down delays;
/// - `routing`: applying traffic changes (rendering, `nginx -t`, reload, waiting until served);
/// - `analysis`: measuring metrics for the strategy's analysis;
/// - `overhead`: everything else (observing, probing, deciding, recording).
struct RolloutTiming: Sendable {
    var startup: Duration = .zero
    var shutdown: Duration = .zero
    var waits: Duration = .zero
    var routing: Duration = .zero
    var analysis: Duration = .zero
    var overhead: Duration = .zero
    /// Times the loop observed and decided (the overhead is spent mostly per turn).
    var turns = 0

    var total: Duration { startup + shutdown + waits + routing + analysis + overhead }

    /// Values in seconds, for the outcome event.
    var values: [String: Double] {
        ["timing.startup": startup.inSeconds, "timing.shutdown": shutdown.inSeconds, "timing.waits": waits.inSeconds,
         "timing.routing": routing.inSeconds, "timing.analysis": analysis.inSeconds, "timing.overhead": overhead.inSeconds, "timing.total": total.inSeconds,
         "loop.turns": Double(turns)]
    }

    /// `analysis 0.0s, overhead 0.3s, routing 0.4s, shutdown 3.0s, startup 1.2s, waits 8.0s (57 turns)`.
    var text: String {
        values.filter { $0.key.hasPrefix("timing.") && $0.key != "timing.total" }.sorted { $0.key < $1.key }
            .map { "\($0.key.dropFirst("timing.".count)) \(String(format: "%.1f", $0.value))s" }.joined(separator: ", ")
            + " (\(turns) turns)"
    }
}
