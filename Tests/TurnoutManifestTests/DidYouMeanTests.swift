import Testing
@testable import TurnoutManifest

@Suite struct DidYouMeanTests {
    @Test func suggestsCloseSpellingsAndOtherCasings() {
        let keys = ["max_surge", "max_unavailable", "pause_between_batches", "analysis"]
        #expect(DidYouMean.suggestion(for: "max_surg", among: keys) == "max_surge")
        #expect(DidYouMean.suggestion(for: "maxSurge", among: keys) == "max_surge")
        #expect(DidYouMean.suggestion(for: "max-unavailable", among: keys) == "max_unavailable")
        #expect(DidYouMean.suggestion(for: "analisys", among: keys) == "analysis")
    }

    @Test func staysQuietWhenNothingIsClose() {
        #expect(DidYouMean.suggestion(for: "replicas", among: ["max_surge", "analysis"]) == nil)
        #expect(DidYouMean.suggestion(for: "x", among: []) == nil)
    }
}
