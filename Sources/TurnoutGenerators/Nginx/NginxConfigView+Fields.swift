// The field tables templates read the nginx view through (see TemplateView).

extension NginxConfigView: TemplateView {
    static let templateFields: TemplateFields<Self> = [
        "app": { $0.app },
        "pid": { $0.pid },
        "errorLog": { $0.errorLog },
        "accessLog": { $0.accessLog },
        "clientMaxBodySize": { $0.clientMaxBodySize },
        "connectTimeout": { $0.connectTimeout },
        "sendTimeout": { $0.sendTimeout },
        "readTimeout": { $0.readTimeout },
        "retryTries": { $0.retryTries },
        "retryTimeout": { $0.retryTimeout },
        "upstreams": { $0.upstreams },
        "servers": { $0.servers },
        "generation": { $0.generation },
    ]
}

extension NginxConfigView.ServerLine: TemplateView {
    static let templateFields: TemplateFields<Self> = [
        "address": { $0.address },
        "parameters": { $0.parameters },
    ]
}

extension NginxConfigView.Upstream: TemplateView {
    static let templateFields: TemplateFields<Self> = [
        "name": { $0.name },
        "service": { $0.service },
        "isStandby": { $0.isStandby },
        "algorithm": { $0.algorithm },
        "servers": { $0.servers },
        "keepalive": { $0.keepalive },
        "keepaliveRequests": { $0.keepaliveRequests },
        "keepaliveTimeout": { $0.keepaliveTimeout },
    ]
}

extension NginxConfigView.Location: TemplateView {
    static let templateFields: TemplateFields<Self> = [
        "path": { $0.path },
        "upstream": { $0.upstream },
        "service": { $0.service },
    ]
}

extension NginxConfigView.ServerBlock: TemplateView {
    static let templateFields: TemplateFields<Self> = [
        "comment": { $0.comment },
        "listen": { $0.listen },
        "serverName": { $0.serverName },
        "locations": { $0.locations },
    ]
}
