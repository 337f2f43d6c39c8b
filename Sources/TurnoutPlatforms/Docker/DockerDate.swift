import Foundation

/// The engine's timestamps: RFC 3339 with nanoseconds (`2026-12-01T10:26:19.123456789Z`).
enum DockerDate {
    static func parse(_ text: String) -> Date? {
        guard text.count >= 19 else { return nil }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        var whole = String(text.prefix(19))
        var fraction = 0.0
        let rest = text.dropFirst(19)
        if rest.hasPrefix(".") {
            let digits = rest.dropFirst().prefix { $0.isNumber }
            fraction = Double("0." + digits) ?? 0
        }
        whole += "Z"
        guard let date = formatter.date(from: whole), !text.hasPrefix("0001") else { return nil }
        return date.addingTimeInterval(fraction)
    }
}
