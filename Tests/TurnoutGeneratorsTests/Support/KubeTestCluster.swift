import Foundation
import Testing

/// A real kube-apiserver + kube-controller-manager (+ etcd) for one test, started and stopped by
/// `scripts/kube-test-cluster.sh` in a temporary directory, on loopback ports of its own. The binaries come
/// from `scripts/build-kubernetes.sh` (Kubernetes 1.20.2, Debian's sources); tests that need them are
/// disabled with ``unavailableReason`` when they are absent.
final class KubeTestCluster {
    /// The directory holding the cluster's files (kubeconfig, logs, PID files, etcd data).
    let directory: URL
    /// `DIR/kubeconfig`: the admin token, the server's address and its CA.
    var kubeconfig: String { directory.appendingPathComponent("kubeconfig").path }

    private static var script: String {
        ExternalTool.repositoryRoot.appendingPathComponent("scripts/kube-test-cluster.sh").path
    }

    /// Where the binaries are looked for: `TURNOUT_KUBE_BIN`, else `$TURNOUT_KUBE_CACHE/bin`, else the build
    /// script's default cache.
    static var binaryDirectory: String {
        let environment = ProcessInfo.processInfo.environment
        if let bin = environment["TURNOUT_KUBE_BIN"] { return bin }
        return (environment["TURNOUT_KUBE_CACHE"] ?? "/var/cache/turnout/kubernetes-1.20.2") + "/bin"
    }

    /// Why a cluster cannot start here, or `nil` when it can.
    static var unavailableReason: String? {
        let missing = ["kube-apiserver", "kube-controller-manager"].filter {
            !FileManager.default.isExecutableFile(atPath: binaryDirectory + "/" + $0)
        }
        if !missing.isEmpty {
            return "no \(missing.joined(separator: ", ")) in \(binaryDirectory): build them with scripts/build-kubernetes.sh (~30 min)"
        }
        for tool in ["etcd", "kubectl"] where ExternalTool.locate(tool) == nil {
            return "\(tool) is not installed (etcd-server, kubernetes-client)"
        }
        return nil
    }

    private init(directory: URL) { self.directory = directory }

    /// Starts a cluster and waits until its API server answers `/readyz`; it is stopped when this test
    /// process exits even if ``stop()`` is never called.
    static func start() throws -> KubeTestCluster {
        let directory = try ExternalTool.temporaryDirectory()
        let cluster = KubeTestCluster(directory: directory)
        let result = try ExternalTool.run(
            script, ["start", directory.path],
            environment: ["TURNOUT_KUBE_PARENT_PID": String(ProcessInfo.processInfo.processIdentifier)])
        guard let result, result.status == 0 else {
            cluster.stop()
            throw ClusterError(message: "the test cluster did not start: \(result?.output ?? "no script")")
        }
        return cluster
    }

    /// Runs kubectl against this cluster.
    func kubectl(_ arguments: [String], sourceLocation: Testing.SourceLocation = #_sourceLocation) throws -> ExternalTool.Result {
        guard let result = try ExternalTool.run("kubectl", ["--kubeconfig", kubeconfig] + arguments,
                                                sourceLocation: sourceLocation)
        else { throw ClusterError(message: "kubectl is not installed") }
        return result
    }

    /// Polls `condition` every 250 ms for up to `seconds`; whether it became true.
    func eventually(seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.25)
        }
        return try condition()
    }

    /// Stops etcd, the API server and the controller manager by the PIDs the script recorded, and removes
    /// the directory (its logs are kept when `TURNOUT_KEEP_KUBE_LOGS=1`).
    func stop() {
        _ = try? ExternalTool.run(Self.script, ["stop", directory.path])
        if ProcessInfo.processInfo.environment["TURNOUT_KEEP_KUBE_LOGS"] != "1" {
            try? FileManager.default.removeItem(at: directory)
        }
    }

    struct ClusterError: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }
}
