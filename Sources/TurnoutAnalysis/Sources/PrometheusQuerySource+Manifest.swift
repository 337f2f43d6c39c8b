import TurnoutManifest

extension PrometheusQuerySource.Settings {
    /// Settings for the server at `host:port` asking the manifest's queries, each over the built-in one of
    /// the same name (`PrometheusSettings.queryNames` are all `MetricName`s).
    public init(_ manifest: PrometheusSettings, host: String, port: Int) {
        var queries = Self.defaultQueries
        for (name, text) in manifest.queries {
            if let metric = MetricName(rawValue: name) { queries[metric] = PromQLTemplate(text) }
        }
        self.init(host: host, port: port, queries: queries)
    }
}
