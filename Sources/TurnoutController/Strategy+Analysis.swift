import TurnoutManifest

extension Strategy {
    /// Whether any analysis is configured.
    var analyzes: Bool {
        switch self {
        case .rolling(let rolling): return rolling.analysis != nil
        case .blueGreen(let blueGreen): return blueGreen.prePromotionAnalysis != nil || blueGreen.postPromotionAnalysis != nil
        case .canary(let canary): return canary.analysis != nil
        }
    }

    /// The metrics its analysis policies judge.
    var analysisMetrics: Set<AnalysisPolicy.Metric> {
        switch self {
        case .rolling(let rolling): return Set(rolling.analysis?.metrics ?? [])
        case .blueGreen(let blueGreen): return Set((blueGreen.prePromotionAnalysis?.metrics ?? []) + (blueGreen.postPromotionAnalysis?.metrics ?? []))
        case .canary(let canary): return Set(canary.analysis?.metrics ?? [])
        }
    }

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
