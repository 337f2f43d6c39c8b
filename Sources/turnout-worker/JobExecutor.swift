import Foundation
import TurnoutAppCore

/// Errors raised by job execution.
struct JobFailure: Error, CustomStringConvertible {
    let description: String
}

/// Executes jobs: `email` simulates sending, `processing` does real CPU work.
struct JobExecutor: Sendable {
    let emailDurationMin: Double
    let emailDurationMax: Double
    let processingRounds: Int
    let faults: WorkerFaults

    /// Runs the job and returns its result text; throws on (injected or real) failure.
    func execute(_ job: Job) async throws -> String {
        let start = Date()
        let result: String
        switch job.queue {
        case .email:
            let base = Double.random(in: emailDurationMin...max(emailDurationMin, emailDurationMax))
            try await Task.sleep(for: .milliseconds(Int64(base * faults.jobDelayFactor * 1000)))
            var recipient = "unknown"
            if case .object(let fields) = job.payload, case .string(let to)? = fields["to"] { recipient = to }
            result = "sent to \(recipient)"
        case .processing:
            var rounds = processingRounds
            if case .object(let fields) = job.payload, case .number(let value)? = fields["rounds"] {
                rounds = min(max(1, Int(value)), 5_000_000)
            }
            let digest = try Self.hash(job.payload, rounds: rounds)
            result = "fnv1a64=\(String(digest, radix: 16)) rounds=\(rounds)"
            if faults.jobDelayFactor > 1 {
                let elapsed = Date().timeIntervalSince(start)
                try await Task.sleep(for: .milliseconds(Int64(elapsed * (faults.jobDelayFactor - 1) * 1000)))
            }
        }
        if faults.shouldFail() { throw JobFailure(description: "fault injected by --fault-job-failure-rate") }
        return result
    }

    /// FNV-1a 64 over the payload JSON, chained `rounds` times; checks for cancellation.
    static func hash(_ payload: JSONValue, rounds: Int) throws -> UInt64 {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var data = Array((try? encoder.encode(payload)) ?? Data())
        var digest: UInt64 = 0xcbf2_9ce4_8422_2325
        for round in 0..<rounds {
            if round % 256 == 0 { try Task.checkCancellation() }
            digest = 0xcbf2_9ce4_8422_2325 ^ digest
            for byte in data {
                digest ^= UInt64(byte)
                digest = digest &* 0x0000_0100_0000_01B3
            }
            withUnsafeBytes(of: digest.littleEndian) { bytes in
                for (index, byte) in bytes.enumerated() where index < data.count { data[index] ^= byte }
            }
        }
        return digest
    }
}
