/// What `templates/compose/compose.yaml.mustache` is filled with. Keys are validated names (DNS labels,
/// environment names); every other string is already a YAML double-quoted scalar with `$` doubled.
struct ComposeView {
    struct Entry {
        let key: String
        let value: String
    }

    struct Healthcheck {
        /// A flow sequence, e.g. `["CMD", "redis-cli", "ping"]`.
        let test: String
        let interval: String
        let timeout: String
        let retries: Int
        let startPeriod: String
    }

    struct Dependency {
        let name: String
        let condition: String
    }

    struct Service {
        let name: String
        let comment: String
        let image: String
        /// Replaces the image's entrypoint and command (the manifest's full command).
        let entrypoint: [String]
        /// Arguments to the image's entrypoint.
        let command: [String]
        let replicas: Int
        let stopGracePeriod: String
        let environment: [Entry]
        let hasEnvironment: Bool
        let secrets: [String]
        let hasSecrets: Bool
        let healthcheck: [Healthcheck]
        let dependsOn: [Dependency]
        let hasDependsOn: Bool
        let ports: [String]
        let hasPorts: Bool
        let volumes: [String]
        let hasVolumes: Bool
        let limits: [Entry]
        let hasLimits: Bool
        let reservations: [Entry]
        let hasReservations: Bool
        /// Stored, not computed: Mustache reads stored properties only.
        let hasResources: Bool
    }

    struct Secret {
        let name: String
        let environment: String
    }

    let app: String
    let services: [Service]
    let secrets: [Secret]
    let hasSecrets: Bool
}
