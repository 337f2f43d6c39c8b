import Testing
@testable import TurnoutController
import TurnoutManifest

@Suite struct InstanceEnvironmentTests {
    static let manifest: Manifest = {
        let yaml = """
            app: x
            services:
              web:
                role: web
                command: [a]
                port: 8000
                health: {path: /h}
                env: {A: "1", TURNOUT_VERSION: "ignored"}
                secrets: {TOKEN: {secret: my-app, key: api.token}}
                uses: [cache]
            accessories:
              cache: {type: redis, url: "redis://127.0.0.1:6379/0", env: TURNOUT_REDIS_URL}
            strategy: rolling
            """
        return ManifestLoader().load(yaml: yaml, file: "m.yaml", strategyDirectories: []).manifest!
    }()

    @Test func layersParentManifestAccessoriesSecretsTurnoutAndOverridesInOrder() throws {
        let builder = InstanceEnvironment(manifest: Self.manifest, parent: ["PATH": "/bin", "HOME": "/root", "SECRET": "no", "MY_APP_API_TOKEN": "s3"])
        let variables = try builder.variables(for: Self.manifest.services[0], revision: 4, versionLabel: "v4",
                                              overrides: [.init(name: "A", value: "2")])
        let pairs = variables.map { "\($0.name)=\($0.value)" }
        #expect(pairs == ["PATH=/bin", "HOME=/root", "A=2", "TURNOUT_VERSION=v4", "TURNOUT_REDIS_URL=redis://127.0.0.1:6379/0",
                          "TOKEN=s3", "TURNOUT_SERVICE=web", "TURNOUT_REVISION=4"])
    }

    @Test func aMissingSecretIsAnErrorNamingTheVariableToSet() {
        let builder = InstanceEnvironment(manifest: Self.manifest, parent: [:])
        #expect(throws: ControllerError.self) { try builder.variables(for: Self.manifest.services[0], revision: 1, versionLabel: "v1", overrides: []) }
        do {
            _ = try builder.variables(for: Self.manifest.services[0], revision: 1, versionLabel: "v1", overrides: [])
        } catch let error as ControllerError {
            #expect(error.description.contains("MY_APP_API_TOKEN"))
        } catch {}
    }
}
