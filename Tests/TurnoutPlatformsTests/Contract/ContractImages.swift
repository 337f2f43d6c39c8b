import Foundation
@testable import TurnoutPlatforms

/// The bundled API's image for the Docker contract, built once per test process from the debug binary beside
/// the test runner.
actor ContractImages {
    static let shared = ContractImages()
    static let tag = "contract"
    static var apiImage: String { "turnout-api:\(tag)" }
    private var built = false

    func ensureBuilt() async throws {
        guard !built else { return }
        let api = ImageBuilder.products.first { $0.name == "turnout-api" }!
        _ = try await ImageBuilder().build(api, tag: Self.tag)
        built = true
    }
}
