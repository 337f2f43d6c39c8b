/// The labels Turnout puts on every container, task and pod it starts, and reads back when it adopts them.
public enum InstanceLabels {
    /// The application.
    public static let app = "io.turnout.app"
    /// The service.
    public static let service = "io.turnout.service"
    /// The revision number.
    public static let revision = "io.turnout.revision"
    /// The instance's identifier (`api-r3-1`).
    public static let instance = "io.turnout.instance"

    /// The four labels of one instance.
    public static func labels(app: String, service: String, revision: Int, instance: String) -> [String: String] {
        [Self.app: app, Self.service: service, Self.revision: String(revision), Self.instance: instance]
    }
}
