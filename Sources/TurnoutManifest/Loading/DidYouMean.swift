/// Suggests the closest known word for a misspelt one, by edit distance.
enum DidYouMean {
    /// The candidate closest to `word` if it is close enough to be a likely typo; `nil` otherwise.
    static func suggestion(for word: String, among candidates: [String]) -> String? {
        let lowered = word.lowercased()
        var best: (String, Int)?
        for candidate in candidates {
            let distance = editDistance(lowered, candidate.lowercased())
            if best == nil || distance < best!.1 { best = (candidate, distance) }
        }
        guard let (candidate, distance) = best else { return nil }
        let allowed = max(1, min(3, candidate.count / 3))
        let sameWords = normalized(lowered) == normalized(candidate.lowercased())
        return distance <= allowed || sameWords ? candidate : nil
    }

    /// `max_surge`, `maxSurge` and `max-surge` all normalise to `maxsurge`.
    static func normalized(_ word: String) -> String { word.filter { $0 != "_" && $0 != "-" } }

    /// Levenshtein distance, bounded to short words (keys are short; long input is never close).
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a.prefix(64)), b = Array(b.prefix(64))
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }
}
