import Testing

@testable import TurnoutPlatforms
@testable import TurnoutRuntime

@Suite struct PortAllocatorTests {
    @Test func skipsABoundPortAndAssignedPorts() throws {
        let listener = try TestListener()
        #expect(PortAllocator.isBound(listener.port))
        let range = listener.port...(listener.port + 50)
        let allocator = PortAllocator(range: range)
        let port = try allocator.allocate(startingAt: listener.port)
        #expect(port != listener.port)
        #expect(range.contains(port))
        #expect(!PortAllocator.isBound(port))
        let next = try allocator.allocate(excluding: [port], startingAt: listener.port)
        #expect(next != port && next != listener.port)
    }

    @Test func listenerCheckSeesListenersOnly() throws {
        var listener: TestListener? = try TestListener()
        let port = listener!.port
        #expect(PortAllocator.hasListener(port))
        listener = nil
        #expect(!PortAllocator.hasListener(port))
    }

    @Test func handsOutDistinctPortsAndWrapsAround() throws {
        let taken: Set<Int> = [20001, 20003]
        let allocator = PortAllocator(range: 20000...20004) { taken.contains($0) }
        #expect(try allocator.allocate(count: 3, startingAt: 20003) == [20004, 20000, 20002])
        #expect(try allocator.allocate(excluding: [20000, 20002], startingAt: 20000) == 20004)
    }

    @Test func reportsAnExhaustedRange() {
        let allocator = PortAllocator(range: 20000...20001) { _ in true }
        let error = #expect(throws: RuntimeError.self) { try allocator.allocate() }
        #expect(error?.code == .noFreePort)
    }
}
