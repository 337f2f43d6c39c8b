import Testing
@testable import TurnoutManifest

/// Values that reach generated nginx, compose and Kubernetes files must not be able to inject structure.
@Suite struct NameRulesTests {
    @Test func labels() {
        #expect(NameRules.isLabel("api") && NameRules.isLabel("worker-email") && NameRules.isLabel("a1"))
        for bad in ["", "Api", "1api", "api-", "a_b", "a.b", "a b", "api;", String(repeating: "a", count: 64), "ápi"] {
            #expect(!NameRules.isLabel(bad), "\(bad)")
        }
    }

    @Test func serverNames() {
        #expect(NameRules.isServerName("_") && NameRules.isServerName("blog.example.com") && NameRules.isServerName("*.example.com"))
        for bad in ["x; include /etc/passwd", "a b", "a{b}", "", "-a.com", "a..com", "a.com\n"] {
            #expect(!NameRules.isServerName(bad), "\(bad)")
        }
    }

    @Test func listenAddresses() {
        for good in ["80", "127.0.0.1:8080", "[::1]:8080", "localhost:80", "0.0.0.0:443"] {
            #expect(NameRules.isListenAddress(good), "\(good)")
        }
        for bad in ["0", "65536", "127.0.0.1:80 default_server", "127.0.0.1:", ":80", "[::1]80", "a;b:80", "80;"] {
            #expect(!NameRules.isListenAddress(bad), "\(bad)")
        }
    }

    @Test func httpPaths() {
        #expect(NameRules.isHTTPPath("/api/v1/ready") && NameRules.isHTTPPath("/") && NameRules.isHTTPPath("/health?full=1"))
        for bad in ["ready", "/a b", "/a;b", "/{x}", "/$host", "/a\"b", "/a'b", "/a\nb"] {
            #expect(!NameRules.isHTTPPath(bad), "\(bad)")
        }
    }

    @Test func environmentNamesAndPrintableValues() {
        #expect(NameRules.isEnvironmentName("REDIS_URL") && NameRules.isEnvironmentName("_x1"))
        #expect(!NameRules.isEnvironmentName("1X") && !NameRules.isEnvironmentName("A-B") && !NameRules.isEnvironmentName(""))
        #expect(NameRules.isPrintable("a\tb ü") && !NameRules.isPrintable("a\nb") && !NameRules.isPrintable("a\u{7}"))
    }
}
