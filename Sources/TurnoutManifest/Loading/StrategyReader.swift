import Yams

/// Reads a strategy mapping (from a file, inline, or a file with overrides) into a `Strategy`.
struct StrategyReader {
    let reader: MappingReader

    func read() -> Strategy? {
        let type = reader.choice(
            "type", [("rolling", "rolling"), ("blue-green", "blue-green"), ("canary", "canary")], required: true)
        _ = reader.string("description")
        let deadline = reader.duration("progress_deadline", in: TimeSpan.seconds(1)...TimeSpan.seconds(86_400))
        let strategy: Strategy?
        switch type {
        case "rolling": strategy = readRolling(deadline: deadline)
        case "blue-green": strategy = readBlueGreen(deadline: deadline)
        case "canary": strategy = readCanary(deadline: deadline)
        default: strategy = nil
        }
        reader.finish()
        return strategy
    }

    private func readRolling(deadline: TimeSpan?) -> Strategy {
        var rolling = RollingStrategy()
        if let batch = reader.int("batch_size", in: 1...1000) {
            if reader.has("max_surge") || reader.has("max_unavailable") {
                reader.problem(.conflictingKeys, "batch_size", "batch_size cannot be combined with max_surge or max_unavailable",
                               hint: "batch_size: N means max_surge: N and max_unavailable: 0; keep one form")
            }
            rolling.maxSurge = .count(batch)
            rolling.maxUnavailable = .count(0)
        } else {
            if let surge = reader.scaleAmount("max_surge") { rolling.maxSurge = surge }
            if let unavailable = reader.scaleAmount("max_unavailable") { rolling.maxUnavailable = unavailable }
            if rolling.maxSurge.isZero, rolling.maxUnavailable.isZero {
                reader.problem(.invalidValue, reader.has("max_surge") ? "max_surge" : "max_unavailable",
                               "max_surge and max_unavailable are both 0: the update could never make progress",
                               hint: "set max_surge to 1 (start one new instance before stopping an old one)")
            }
        }
        if let pause = reader.duration("pause_between_batches", in: TimeSpan.zero...TimeSpan.seconds(86_400)) {
            rolling.pauseBetweenBatches = pause
        }
        if let deadline { rolling.progressDeadline = deadline }
        rolling.analysis = reader.nestedMapping("analysis").map { AnalysisPolicyReader(reader: $0).read() }
        return .rolling(rolling)
    }

    private func readBlueGreen(deadline: TimeSpan?) -> Strategy {
        var blueGreen = BlueGreenStrategy()
        if let preview = reader.string("preview") {
            if NameRules.isListenAddress(preview) {
                blueGreen.previewListen = preview
            } else {
                reader.problem(.invalidValue, "preview", "'\(Node.clipped(preview))' is not a listen address: expected PORT or HOST:PORT")
            }
        }
        blueGreen.prePromotionAnalysis = reader.nestedMapping("pre_promotion_analysis").map { AnalysisPolicyReader(reader: $0).read() }
        blueGreen.postPromotionAnalysis = reader.nestedMapping("post_promotion_analysis").map { AnalysisPolicyReader(reader: $0).read() }
        if let auto = reader.bool("auto_promote") { blueGreen.autoPromote = auto }
        if let after = reader.duration("auto_promote_after", in: TimeSpan.zero...TimeSpan.seconds(86_400)) {
            blueGreen.autoPromoteAfter = after
            if !blueGreen.autoPromote {
                reader.problem(.conflictingKeys, "auto_promote_after", "auto_promote_after has no effect with auto_promote: false",
                               hint: "remove it, or set auto_promote: true")
            }
        }
        if let delay = reader.duration("scale_down_delay", in: TimeSpan.zero...TimeSpan.seconds(86_400)) {
            blueGreen.scaleDownDelay = delay
        }
        if let deadline { blueGreen.progressDeadline = deadline }
        return .blueGreen(blueGreen)
    }

    private func readCanary(deadline: TimeSpan?) -> Strategy {
        var canary = CanaryStrategy()
        if let steps = readSteps() { canary.steps = steps }
        canary.canaryReplicas = reader.int("canary_replicas", in: 1...1000)
        canary.analysis = reader.nestedMapping("analysis").map { AnalysisPolicyReader(reader: $0).read() }
        if let deadline { canary.progressDeadline = deadline }
        return .canary(canary)
    }

    private func readSteps() -> [CanaryStrategy.Step]? {
        guard let items = reader.sequence("steps", what: "a list of steps such as {weight: 10, pause: 30s}") else { return nil }
        var steps: [CanaryStrategy.Step] = []
        var previous: (weight: Int, path: ManifestKeyPath)?
        for (item, path) in items {
            guard let step = reader.itemMapping("steps", item: item, path: path, what: "a step such as {weight: 10, pause: 30s}") else { continue }
            let weight = step.int("weight", in: 1...100, required: true)
            var pause = CanaryStrategy.Step.Pause.duration(.zero)
            if let text = step.scalar("pause") {
                if text == "manual" {
                    pause = .manual
                } else if let span = TimeSpan.parse(text), span <= .seconds(86_400) {
                    pause = .duration(span)
                } else {
                    step.problem(.invalidDuration, "pause", "expected a duration up to 24h such as 30s or 5m, or manual, found '\(Node.clipped(text))'",
                                 hint: "manual waits for `turnout promote`")
                }
            }
            let analysis = step.bool("analysis") ?? true
            step.finish()
            guard let weight else { continue }
            if let previous, weight <= previous.weight {
                step.problem(.canaryWeights, "weight", "weight \(weight) does not rise above the previous step's \(previous.weight) (\(previous.path))",
                             hint: "canary weights must rise step by step and end at 100")
            }
            previous = (weight, path.appending("weight"))
            steps.append(CanaryStrategy.Step(weight: weight, pause: pause, analysis: analysis))
        }
        if items.isEmpty {
            reader.problem(.canaryWeights, "steps", "a canary needs at least one step; the last must have weight 100")
        } else if let last = steps.last, last.weight != 100, let previous {
            reader.collector.add(.canaryWeights, path: previous.path,
                                 "the last step's weight is \(last.weight), not 100: the release would never take all traffic",
                                 hint: "end the steps with {weight: 100}")
        }
        return steps
    }
}

extension ScaleAmount {
    /// Whether the amount is zero instances or 0 %.
    var isZero: Bool {
        switch self {
        case .count(let count): return count == 0
        case .percent(let share): return share.percent == 0
        }
    }
}
