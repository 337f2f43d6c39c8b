import Testing
@testable import TurnoutManifest

/// The analysis policy's fail-fast keys: on by default with a margin of 2, switched off or tuned per strategy,
/// and a clear issue for a margin that is not a number of at least 1.
@Suite struct AnalysisPolicyReaderTests {
    static func read(_ analysis: String) -> (AnalysisPolicy?, [String]) {
        let yaml = "type: canary\nsteps: [{weight: 50, pause: 5s}, {weight: 100}]\nanalysis: {\(analysis)}\n"
        let (strategy, issues) = ManifestLoader().loadStrategy(yaml: yaml, file: "s.yaml")
        guard case .canary(let canary)? = strategy else { return (nil, issues.map(\.description)) }
        return (canary.analysis, issues.map(\.description))
    }

    @Test(arguments: [
        ("interval: 1s", true, 2.0),
        ("fail_fast: false", false, 2.0),
        ("fail_fast_margin: 3", true, 3.0),
        ("fail_fast: true, fail_fast_margin: 1.5", true, 1.5),
    ])
    func failFastKeys(text: String, enabled: Bool, margin: Double) {
        let (policy, issues) = Self.read(text)
        #expect(issues.isEmpty, "\(issues)")
        #expect(policy?.failFast == enabled)
        #expect(policy?.failFastMargin == margin)
    }

    @Test(arguments: [
        ("fail_fast_margin: 0.5", "out-of-range", "0.5 is out of range: expected a number from 1 to 100"),
        ("fail_fast_margin: twice", "wrong-type", "expected a number from 1 to 100, found 'twice'"),
        ("fail_fast: yes", "wrong-type", "expected true or false, found 'yes'"),
    ])
    func badFailFastValuesAreNamed(text: String, code: String, message: String) {
        let (_, issues) = Self.read(text)
        #expect(issues.count == 1, "\(issues)")
        #expect(issues.first?.contains(message) == true && issues.first?.contains(code) == true, "\(issues)")
    }
}
