import Foundation
import TurnoutManifest

/// The environment an instance of a service starts with, in this order (later wins): PATH, HOME, LANG and TZ
/// of Turnout's own process; the manifest's `env`; each used accessory's URL under its variable name (as the
/// platform says its instances reach it); secrets; `TURNOUT_VERSION`, `TURNOUT_SERVICE`, `TURNOUT_REVISION`;
/// the deploy's `--env` overrides. (The platform adds its own, such as `PORT`.)
///
/// The local runtime reads a secret `{secret: S, key: K}` from Turnout's own environment variable named
/// `S_K` in upper case with `-` and `.` as `_` (e.g. `BLOG_DB_PASSWORD`); a missing one is an error before
/// anything starts.
struct InstanceEnvironment {
    let manifest: Manifest
    let parent: [String: String]
    /// Per accessory, the URL instances reach it at; the manifest's URL where missing.
    var accessoryURLs: [String: String] = [:]

    func variables(for service: Service, revision: Int, versionLabel: String, overrides: [EnvironmentVariable]) throws -> [EnvironmentVariable] {
        var ordered: [(String, String)] = []
        for name in ["PATH", "HOME", "LANG", "TZ"] {
            if let value = parent[name] { ordered.append((name, value)) }
        }
        ordered += service.env.map { ($0.name, $0.value) }
        for name in service.uses {
            guard let accessory = manifest.accessory(named: name) else { continue }
            ordered.append((accessory.environmentName, accessoryURLs[accessory.name] ?? accessory.url))
        }
        for secret in service.secrets {
            let source = Self.secretVariable(secret)
            guard let value = parent[source] else {
                throw ControllerError("secret \(secret.secret)/\(secret.key) for \(service.name)'s \(secret.name) is not set",
                                      hint: "the local runtime reads it from turnout's environment variable \(source)")
            }
            ordered.append((secret.name, value))
        }
        ordered += [("TURNOUT_VERSION", versionLabel), ("TURNOUT_SERVICE", service.name), ("TURNOUT_REVISION", String(revision))]
        ordered += overrides.map { ($0.name, $0.value) }
        var seen: [String: Int] = [:]
        var result: [EnvironmentVariable] = []
        for (name, value) in ordered {
            if let index = seen[name] {
                result[index].value = value
            } else {
                seen[name] = result.count
                result.append(EnvironmentVariable(name: name, value: value))
            }
        }
        return result
    }

    static func secretVariable(_ secret: SecretReference) -> String {
        (secret.secret + "_" + secret.key).uppercased().map { $0 == "-" || $0 == "." ? "_" : $0 }.map(String.init).joined()
    }
}
