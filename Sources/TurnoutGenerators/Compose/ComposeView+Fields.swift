// The field tables templates read the compose view through (see TemplateView).

extension ComposeView: TemplateView {
    static let templateFields: TemplateFields<Self> = [
        "app": { $0.app },
        "services": { $0.services },
        "secrets": { $0.secrets },
        "hasSecrets": { $0.hasSecrets },
    ]
}

extension ComposeView.Entry: TemplateView {
    static let templateFields: TemplateFields<Self> = [
        "key": { $0.key },
        "value": { $0.value },
    ]
}

extension ComposeView.Healthcheck: TemplateView {
    static let templateFields: TemplateFields<Self> = [
        "test": { $0.test },
        "interval": { $0.interval },
        "timeout": { $0.timeout },
        "retries": { $0.retries },
        "startPeriod": { $0.startPeriod },
    ]
}

extension ComposeView.Dependency: TemplateView {
    static let templateFields: TemplateFields<Self> = [
        "name": { $0.name },
        "condition": { $0.condition },
    ]
}

extension ComposeView.Service: TemplateView {
    static let templateFields: TemplateFields<Self> = [
        "name": { $0.name },
        "comment": { $0.comment },
        "image": { $0.image },
        "entrypoint": { $0.entrypoint },
        "command": { $0.command },
        "replicas": { $0.replicas },
        "stopGracePeriod": { $0.stopGracePeriod },
        "environment": { $0.environment },
        "hasEnvironment": { $0.hasEnvironment },
        "secrets": { $0.secrets },
        "hasSecrets": { $0.hasSecrets },
        "healthcheck": { $0.healthcheck },
        "dependsOn": { $0.dependsOn },
        "hasDependsOn": { $0.hasDependsOn },
        "ports": { $0.ports },
        "hasPorts": { $0.hasPorts },
        "volumes": { $0.volumes },
        "hasVolumes": { $0.hasVolumes },
        "limits": { $0.limits },
        "hasLimits": { $0.hasLimits },
        "reservations": { $0.reservations },
        "hasReservations": { $0.hasReservations },
        "hasResources": { $0.hasResources },
    ]
}

extension ComposeView.Secret: TemplateView {
    static let templateFields: TemplateFields<Self> = [
        "name": { $0.name },
        "environment": { $0.environment },
    ]
}
