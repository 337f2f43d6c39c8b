import Testing
import TurnoutManifest

@testable import TurnoutPlatforms
@testable import TurnoutRuntime

/// The managed Prometheus's configuration, by exact text: the scrape interval (timeout capped at 10 s) and one
/// file_sd job over Turnout's targets file, whose path is quoted so that no character of it is YAML syntax.
@Suite struct PrometheusConfigTests {
    @Test func oneFileSDJob() {
        #expect(PrometheusConfig.render(scrapeInterval: .seconds(1), targetsFile: "/s/prometheus/targets.json") == """
            # Written by Turnout for the managed Prometheus; rewritten on every deploy.
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
              evaluation_interval: 1s
            scrape_configs:
              - job_name: turnout
                file_sd_configs:
                  - files: ["/s/prometheus/targets.json"]
                    refresh_interval: 5s

            """)
    }

    @Test("durations", arguments: [(TimeSpan(milliseconds: 1500), "1500ms"), (.seconds(30), "30s")])
    func durations(_ span: TimeSpan, _ text: String) {
        #expect(PrometheusConfig.duration(span) == text)
    }

    @Test func longIntervalsKeepATenSecondTimeoutAndOddPathsStayStrings() {
        let text = PrometheusConfig.render(scrapeInterval: .seconds(30), targetsFile: "/tmp/a \"b\"\n#c: [d]/targets.json")
        #expect(text.contains("scrape_interval: 30s\n  scrape_timeout: 10s\n"))
        #expect(text.contains(#"- files: ["/tmp/a \"b\"\n#c: [d]/targets.json"]"#))
    }
}
