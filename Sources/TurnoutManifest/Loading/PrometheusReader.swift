import Yams

/// Reads the top-level `prometheus` block: exactly one of `url` and `managed: true`, a scrape interval for a
/// managed server, and queries keyed by metric name that use only the known placeholders.
struct PrometheusReader {
    let reader: MappingReader
    let runtime: RuntimeKind

    func read() -> PrometheusSettings? {
        let url = reader.string("url")
        let managed = reader.bool("managed")
        let interval = reader.duration("scrape_interval", in: TimeSpan.seconds(1)...TimeSpan.seconds(300))
        let queries = readQueries()
        reader.finish()

        let server: PrometheusSettings.Server?
        switch (url, managed ?? false) {
        case (.some, true):
            reader.problem(.conflictingKeys, "url", "give either url (an existing server) or managed: true (Turnout starts one), not both",
                           hint: "remove url to let Turnout run Prometheus, or remove managed to use the server at url")
            server = nil
        case (.some(let text), false):
            server = external(text)
        case (.none, true):
            server = .managed
            if runtime != .local {
                reader.problem(.invalidValue, "managed", "a managed Prometheus runs on the local runtime only; this manifest's runtime is \(runtime.rawValue)",
                               hint: "give the url of the Prometheus that scrapes your \(runtime.rawValue) services instead")
            }
        case (.none, false):
            // A url or managed key that was there but invalid is reported already.
            let invalidManaged = managed == nil && reader.collector.wasRead(reader.path.appending("managed"))
            if !reader.collector.wasRead(reader.path.appending("url")), !invalidManaged {
                reader.missing("url", "the address of an existing Prometheus, such as http://127.0.0.1:9090",
                               hint: "or set managed: true to let Turnout start one")
            }
            server = nil
        }
        if interval != nil, server != nil, server != .managed {
            reader.problem(.conflictingKeys, "scrape_interval", "scrape_interval applies to a managed Prometheus only",
                           hint: "set the scrape interval in your server's own scrape config (see docs/manifest.md)")
        }
        guard let server else { return nil }
        return PrometheusSettings(server: server, scrapeInterval: interval ?? PrometheusSettings.defaultScrapeInterval, queries: queries)
    }

    private func external(_ text: String) -> PrometheusSettings.Server? {
        switch PrometheusURL.parse(text) {
        case .success(let address):
            return .external(host: address.host, port: address.port)
        case .failure(let problem):
            reader.problem(.invalidValue, "url", "'\(Node.clipped(text))' \(problem.message)", hint: problem.hint)
            return nil
        }
    }

    private func readQueries() -> [String: String] {
        guard let mapping = reader.nestedMapping("queries", what: "a mapping of metric names to PromQL queries") else { return [:] }
        let names = PrometheusSettings.queryNames
        var queries: [String: String] = [:]
        for entry in mapping.entries {
            let path = mapping.path.appending(entry.key)
            guard names.contains(entry.key) else {
                let suggestion = DidYouMean.suggestion(for: entry.key, among: names)
                mapping.collector.add(.unknownKey, at: entry.keyMark, in: entry.file, path: path,
                                      "unknown metric '\(Node.clipped(entry.key))'" + (suggestion.map { "; did you mean '\($0)'?" } ?? ""),
                                      hint: "queries may be given for: \(names.joined(separator: ", "))")
                continue
            }
            guard let text = mapping.string(entry.key), !text.allSatisfy(\.isWhitespace) else {
                if case .scalar = entry.value {
                    mapping.problem(.invalidValue, entry.key, "the query is empty", hint: "write a PromQL query, or leave the key out to use the built-in one")
                }
                continue
            }
            if let problem = PromQLPlaceholders.problem(in: text) {
                mapping.problem(.invalidValue, entry.key, problem.message, hint: problem.hint)
                continue
            }
            queries[entry.key] = text
        }
        return queries
    }
}
