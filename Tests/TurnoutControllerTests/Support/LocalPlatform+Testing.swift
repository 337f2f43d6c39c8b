import TurnoutController
import TurnoutPlatforms
import TurnoutRuntime

extension LocalPlatform {
    /// The local platform handing out instance ports from `ports` (a range of the test's own, so that suites
    /// never meet each other's instances), for every manifest.
    static func testing(ports: ClosedRange<Int>) -> DeployController.PlatformFactory {
        { _, layout in LocalPlatform(layout: layout, ports: PortAllocator(range: ports)) }
    }
}
