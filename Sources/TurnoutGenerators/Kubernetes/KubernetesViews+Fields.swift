// The field tables templates read the Kubernetes views through (see TemplateView).

extension KubernetesViews.Entry: TemplateView {
    static let templateFields: TemplateFields<Self> = [
        "key": { $0.key },
        "value": { $0.value },
    ]
}

extension KubernetesViews.Replicas: TemplateView {
    static let templateFields: TemplateFields<Self> = [
        "count": { $0.count },
        "comment": { $0.comment },
    ]
}

extension KubernetesViews.Port: TemplateView {
    static let templateFields: TemplateFields<Self> = [
        "name": { $0.name },
        "port": { $0.port },
    ]
}

extension KubernetesViews.SecretEnv: TemplateView {
    static let templateFields: TemplateFields<Self> = [
        "name": { $0.name },
        "secret": { $0.secret },
        "key": { $0.key },
    ]
}

extension KubernetesViews.Probe: TemplateView {
    static let templateFields: TemplateFields<Self> = [
        "field": { $0.field },
        "httpPath": { $0.httpPath },
        "tcp": { $0.tcp },
        "exec": { $0.exec },
        "port": { $0.port },
        "periodSeconds": { $0.periodSeconds },
        "timeoutSeconds": { $0.timeoutSeconds },
        "successThreshold": { $0.successThreshold },
        "failureThreshold": { $0.failureThreshold },
    ]
}

extension KubernetesViews.Deployment: TemplateView {
    static let templateFields: TemplateFields<Self> = [
        "app": { $0.app },
        "comment": { $0.comment },
        "name": { $0.name },
        "service": { $0.service },
        "labels": { $0.labels },
        "selector": { $0.selector },
        "replicas": { $0.replicas },
        "maxSurge": { $0.maxSurge },
        "maxUnavailable": { $0.maxUnavailable },
        "podAnnotations": { $0.podAnnotations },
        "hasPodAnnotations": { $0.hasPodAnnotations },
        "terminationGracePeriodSeconds": { $0.terminationGracePeriodSeconds },
        "preStopSleep": { $0.preStopSleep },
        "preStopSeconds": { $0.preStopSeconds },
        "image": { $0.image },
        "command": { $0.command },
        "args": { $0.args },
        "ports": { $0.ports },
        "hasConfigMap": { $0.hasConfigMap },
        "configMap": { $0.configMap },
        "secretEnv": { $0.secretEnv },
        "hasSecretEnv": { $0.hasSecretEnv },
        "probes": { $0.probes },
        "requests": { $0.requests },
        "hasRequests": { $0.hasRequests },
        "limits": { $0.limits },
        "hasLimits": { $0.hasLimits },
        "hasResources": { $0.hasResources },
    ]
}

extension KubernetesViews.Service: TemplateView {
    static let templateFields: TemplateFields<Self> = [
        "app": { $0.app },
        "comment": { $0.comment },
        "name": { $0.name },
        "labels": { $0.labels },
        "selector": { $0.selector },
        "port": { $0.port },
    ]
}

extension KubernetesViews.ResourceMetric: TemplateView {
    static let templateFields: TemplateFields<Self> = [
        "name": { $0.name },
        "utilization": { $0.utilization },
    ]
}

extension KubernetesViews.QueueMetric: TemplateView {
    static let templateFields: TemplateFields<Self> = [
        "queue": { $0.queue },
        "averageValue": { $0.averageValue },
    ]
}

extension KubernetesViews.Autoscaler: TemplateView {
    static let templateFields: TemplateFields<Self> = [
        "app": { $0.app },
        "apiVersion": { $0.apiVersion },
        "comment": { $0.comment },
        "name": { $0.name },
        "target": { $0.target },
        "labels": { $0.labels },
        "minReplicas": { $0.minReplicas },
        "maxReplicas": { $0.maxReplicas },
        "resourceMetrics": { $0.resourceMetrics },
        "queueMetrics": { $0.queueMetrics },
    ]
}

extension KubernetesViews.DisruptionBudget: TemplateView {
    static let templateFields: TemplateFields<Self> = [
        "app": { $0.app },
        "apiVersion": { $0.apiVersion },
        "name": { $0.name },
        "labels": { $0.labels },
        "selector": { $0.selector },
    ]
}

extension KubernetesViews.ConfigMap: TemplateView {
    static let templateFields: TemplateFields<Self> = [
        "app": { $0.app },
        "service": { $0.service },
        "name": { $0.name },
        "labels": { $0.labels },
        "data": { $0.data },
    ]
}

extension KubernetesViews.AdapterRules: TemplateView {
    static let templateFields: TemplateFields<Self> = [
        "app": { $0.app },
        "name": { $0.name },
        "labels": { $0.labels },
    ]
}

extension KubernetesViews.IngressPath: TemplateView {
    static let templateFields: TemplateFields<Self> = [
        "path": { $0.path },
        "backend": { $0.backend },
        "port": { $0.port },
    ]
}

extension KubernetesViews.Ingress: TemplateView {
    static let templateFields: TemplateFields<Self> = [
        "app": { $0.app },
        "comment": { $0.comment },
        "name": { $0.name },
        "labels": { $0.labels },
        "annotations": { $0.annotations },
        "hasAnnotations": { $0.hasAnnotations },
        "host": { $0.host },
        "paths": { $0.paths },
    ]
}
