import Foundation
import TurnoutRuntime
import TurnoutManifest

/// The `prometheus.yml` of a managed Prometheus: one job, `turnout`, whose targets come from Turnout's
/// `file_sd` file, scraped every `scrapeInterval`. Paths are written as JSON strings (valid YAML), so no
/// character of them can change the document's structure.
public enum PrometheusConfig {
    /// The configuration text.
    public static func render(scrapeInterval: TimeSpan, targetsFile: String) -> String {
        let interval = duration(scrapeInterval)
        let timeout = duration(min(scrapeInterval, .seconds(10)))
        return """
            # Written by Turnout for the managed Prometheus; rewritten on every deploy.
            global:
              scrape_interval: \(interval)
              scrape_timeout: \(timeout)
              evaluation_interval: \(interval)
            scrape_configs:
              - job_name: turnout
                file_sd_configs:
                  - files: [\(quoted(targetsFile))]
                    refresh_interval: 5s

            """
    }

    /// A Prometheus duration: `1s`, `1500ms`.
    static func duration(_ span: TimeSpan) -> String {
        span.milliseconds % 1000 == 0 ? "\(span.milliseconds / 1000)s" : "\(span.milliseconds)ms"
    }

    /// `text` as a JSON (and so YAML double-quoted) string.
    static func quoted(_ text: String) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = .withoutEscapingSlashes
        return (try? encoder.encode(text)).map { String(decoding: $0, as: UTF8.self) } ?? "\"\""
    }
}
