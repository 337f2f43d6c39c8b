import Foundation
import TurnoutPlatforms

/// The bundled images for the Docker end-to-end suites, built once per test process from the debug binaries
/// beside the test runner (a few seconds: the engine keeps the layers of an unchanged binary).
actor StackImages {
    static let shared = StackImages()
    static let tag = "stack-test"
    static let api = "turnout-api:\(tag)"
    static let worker = "turnout-worker:\(tag)"
    private var built = false

    func ensureBuilt() async throws {
        guard !built else { return }
        for product in ImageBuilder.products { _ = try await ImageBuilder().build(product, tag: Self.tag) }
        built = true
    }
}
