import ArgumentParser
import Foundation
import TurnoutManifest
import TurnoutPlatforms

/// `turnout build`: the bundled images on the local Docker Engine.
struct BuildCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build the bundled images (turnout-api, turnout-worker) on the local Docker Engine, FROM scratch.",
        discussion: """
            Each image holds the binary beside this turnout (a release turnout builds from release binaries) and \
            its ldd closure, nothing else. With a manifest, each image is tagged as the manifest's services name it \
            (turnout-api:1.0.0); otherwise give --tag. No registry is needed: the engine keeps the images.
            """)

    @Argument(help: "A manifest whose services' images to build (their tags are used).")
    var manifest: String?

    @Option(help: "The tag to build, e.g. 1.4.0 (instead of the manifest's).")
    var tag: String?

    @Option(help: "text or json.")
    var output: OutputFormat = .text

    func run() async throws {
        try await CommandFailure.run(output: output) {
            let builder = ImageBuilder()
            var wanted: [(ImageBuilder.Product, String)] = []
            if let tag {
                guard ImageTag.isValid(tag) else {
                    throw ValidationError("--tag \(tag) is not a valid image tag: letters, digits, '.', '_', '-', at most 128, not starting with '.' or '-'")
                }
                wanted = ImageBuilder.products.map { ($0, tag) }
            } else if let manifest {
                let loaded = try ManifestLoader().manifest(at: manifest)
                for product in ImageBuilder.products {
                    let tags = Set(loaded.services.compactMap(\.image).compactMap { ImageTag.tag(of: $0, repository: product.name) })
                    wanted += tags.sorted().map { (product, $0) }
                }
                guard !wanted.isEmpty else {
                    throw ValidationError("no service of \(manifest) names a turnout-api or turnout-worker image; give --tag")
                }
            } else {
                throw ValidationError("give a manifest (its services' image tags are built) or --tag")
            }
            _ = try await builder.engine.version()
            for (product, tag) in wanted {
                let built = try await builder.build(product, tag: tag)
                print("built \(product.name):\(tag) (\(built.id), \(built.bytes / 1_048_576) MiB of binary and libraries)")
            }
        }
    }
}
