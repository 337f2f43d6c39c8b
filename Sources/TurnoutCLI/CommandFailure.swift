import ArgumentParser
import Foundation
import TurnoutController
import TurnoutManifest
import TurnoutRuntime
import TurnoutState

/// Prints an error the way every command does (what, where, how to fix it) and turns it into the exit code.
enum CommandFailure {
    static func handle(_ error: Error, output: OutputFormat) -> ExitCode {
        if let code = error as? ExitCode { return code }
        let (message, code): (String, ExitCode)
        switch error {
        case let error as ManifestError:
            message = error.description
            code = ExitCodes.invalidInput
        case let error as ControllerError:
            message = "error: \(error)"
            code = ExitCodes.failure
        case let error as RuntimeError:
            message = "error: \(error)"
            code = ExitCodes.failure
        case let error as LockHeldError:
            message = "error: \(error)"
            code = ExitCodes.failure
        default:
            message = "error: \(error)"
            code = ExitCodes.failure
        }
        if output == .json {
            let object = ["error": message]
            if let data = try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]) {
                FileHandle.standardOutput.write(data + Data("\n".utf8))
            }
        }
        FileHandle.standardError.write(Data((message + "\n").utf8))
        return code
    }

    /// Runs `body`, mapping its errors.
    static func run(output: OutputFormat, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch {
            throw handle(error, output: output)
        }
    }
}
