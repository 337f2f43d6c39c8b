import TurnoutManifest

extension Strategy {
    /// Its analysis policies.
    var analysisPolicies: [AnalysisPolicy] {
        switch self {
        case .rolling(let rolling): return [rolling.analysis].compactMap { $0 }
        case .blueGreen(let blueGreen): return [blueGreen.prePromotionAnalysis, blueGreen.postPromotionAnalysis].compactMap { $0 }
        case .canary(let canary): return [canary.analysis].compactMap { $0 }
        }
    }

    /// Whether any analysis is configured.
    var analyzes: Bool { !analysisPolicies.isEmpty }

    /// The metrics its analysis policies judge.
    var analysisMetrics: Set<AnalysisPolicy.Metric> { Set(analysisPolicies.flatMap(\.metrics)) }

    /// The longest warm-up its analysis policies give new instances; `nil` without analysis.
    var warmup: TimeSpan? { analysisPolicies.map(\.warmup).max() }

    /// The same strategy with every analysis removed.
    var withoutAnalysis: Strategy {
        switch self {
        case .rolling(var rolling):
            rolling.analysis = nil
            return .rolling(rolling)
        case .blueGreen(var blueGreen):
            blueGreen.prePromotionAnalysis = nil
            blueGreen.postPromotionAnalysis = nil
            return .blueGreen(blueGreen)
        case .canary(var canary):
            canary.analysis = nil
            return .canary(canary)
        }
    }
}
