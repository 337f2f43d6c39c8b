/// A CPU amount written the Kubernetes way: `500m` (millicores), `2` or `0.5` (cores).
public struct CPUQuantity: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Thousandths of a core.
    public var millicores: Int

    /// Creates an amount of `millicores`.
    public init(millicores: Int) { self.millicores = millicores }

    /// The amount in cores, as compose's `cpus` wants it.
    public var cores: Double { Double(millicores) / 1000 }

    /// Canonical Kubernetes text: whole cores as `2`, otherwise millicores as `500m`.
    public var description: String {
        millicores % 1000 == 0 ? "\(millicores / 1000)" : "\(millicores)m"
    }

    public static func < (lhs: CPUQuantity, rhs: CPUQuantity) -> Bool { lhs.millicores < rhs.millicores }

    /// Parses `text`; `nil` unless it is `<integer>m` or a non-negative decimal number of cores.
    public static func parse(_ text: String) -> CPUQuantity? {
        guard !text.isEmpty, text.count <= 16 else { return nil }
        if text.hasSuffix("m") {
            let digits = text.dropLast()
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(digits) else {
                return nil
            }
            return CPUQuantity(millicores: value)
        }
        guard text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let cores = Double(text),
              cores.isFinite, cores <= 1_000_000 else { return nil }
        let millicores = (cores * 1000).rounded()
        guard millicores == cores * 1000 || abs(millicores - cores * 1000) < 1e-6 else { return nil }
        return CPUQuantity(millicores: Int(millicores))
    }
}
