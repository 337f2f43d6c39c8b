/// Blue-green: the new release (green) starts in full beside the running one (blue), is checked, then takes
/// all traffic at once; blue stays up for a while so switching back is instant.
public struct BlueGreenStrategy: Sendable, Hashable {
    /// A listen address where green answers before promotion, for smoke tests (`nil`: no preview).
    public var previewListen: String?
    /// Analysis of green (through the preview) before the switch.
    public var prePromotionAnalysis: AnalysisPolicy?
    /// Analysis after the switch; a failure switches back to blue.
    public var postPromotionAnalysis: AnalysisPolicy?
    /// Switch without waiting for `turnout promote`.
    public var autoPromote: Bool
    /// With auto-promotion, wait this long after green is healthy before switching.
    public var autoPromoteAfter: TimeSpan
    /// How long blue keeps running after the switch.
    public var scaleDownDelay: TimeSpan
    /// How long green may take to become healthy before the deploy rolls back.
    public var progressDeadline: TimeSpan

    /// Creates a blue-green strategy.
    public init(
        previewListen: String? = nil, prePromotionAnalysis: AnalysisPolicy? = nil,
        postPromotionAnalysis: AnalysisPolicy? = nil, autoPromote: Bool = true, autoPromoteAfter: TimeSpan = .zero,
        scaleDownDelay: TimeSpan = .seconds(30), progressDeadline: TimeSpan = .seconds(120)
    ) {
        self.previewListen = previewListen
        self.prePromotionAnalysis = prePromotionAnalysis
        self.postPromotionAnalysis = postPromotionAnalysis
        self.autoPromote = autoPromote
        self.autoPromoteAfter = autoPromoteAfter
        self.scaleDownDelay = scaleDownDelay
        self.progressDeadline = progressDeadline
    }
}
