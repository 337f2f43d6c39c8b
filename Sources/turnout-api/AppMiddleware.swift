import Dispatch
import Hummingbird
import TurnoutAppCore

/// Outermost middleware: request metrics, the version header, and mapping of
/// every error to a JSON error response (no error escapes as a bare 500).
struct AppMiddleware<Context: RequestContext>: RouterMiddleware {
    let metrics: APIMetrics
    let version: String

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let start = DispatchTime.now().uptimeNanoseconds
        metrics.inFlight.add(1)
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = APIError.from(error).toResponse()
        }
        metrics.inFlight.add(-1)
        response.headers[HTTPFields.Element.Name("X-Turnout-Version")!] = version
        let route = context.endpointPath ?? "unmatched"
        let seconds = Double(DispatchTime.now().uptimeNanoseconds &- start) / 1e9
        metrics.requestDuration.observe(seconds, labels: [
            request.method.rawValue, route == "NotFound" ? "unmatched" : route,
            APIMetrics.statusClass(response.status.code),
        ])
        return response
    }
}

/// Injects errors and latency into application routes (never health, ready or metrics).
struct FaultMiddleware<Context: RequestContext>: RouterMiddleware {
    let faults: APIFaults
    let metrics: APIMetrics
    /// Spends the slowdown's extra CPU (shared by every request of the process).
    let inflator: RequestCostInflator?

    static func exempt(_ path: String) -> Bool {
        path == "/api/v1/health" || path == "/api/v1/ready" || path == "/metrics"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if faults.slowdown > 0, request.uri.path != "/metrics" { return try await slowed(request, context: context, next: next) }
        guard !Self.exempt(request.uri.path) else { return try await next(request, context) }
        if faults.shouldDelay() {
            metrics.faultsInjected.inc(labels: ["latency"])
            try await Task.sleep(for: .milliseconds(Int64(faults.latency * 1000)))
        }
        if faults.shouldFail() {
            metrics.faultsInjected.inc(labels: ["error"])
            throw APIError(status: .internalServerError, code: "injected_fault", message: "fault injected by --fault-error-rate")
        }
        return try await next(request, context)
    }

    /// Answers, then spends `slowdown` times a request's measured CPU cost more: a release slower on every
    /// request (health checks included) by that fraction.
    private func slowed(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var others = faults
        others.slowdown = 0
        let response = try await FaultMiddleware(faults: others, metrics: metrics, inflator: nil).handle(request, context: context, next: next)
        metrics.faultsInjected.inc(labels: ["slowdown"])
        inflator?.requestServed()
        return response
    }
}
