import TurnoutController
import TurnoutStrategies

/// An analysis that answers the same verdict every time (unit tests of the deploy loop).
struct StaticAnalysis: AnalysisRunner {
    let verdict: AnalysisVerdict.Outcome

    func analyze(_ request: AnalysisRequest, context: AnalysisContext) async -> AnalysisVerdict.Outcome { verdict }
}
