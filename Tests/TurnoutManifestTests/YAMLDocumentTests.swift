import Testing
import Yams

@testable import TurnoutManifest

/// The limits of the YAML layer, pinned to the parser's real behaviour.
@Suite struct YAMLDocumentTests {
    /// `depth` block mappings, each one space deeper than the last.
    static func blocks(_ depth: Int) -> String {
        (0..<depth).map { String(repeating: " ", count: $0) + "k\($0):\n" }.joined() + String(repeating: " ", count: depth) + "v\n"
    }

    /// `depth` flow sequences, one inside the other.
    static func brackets(_ depth: Int) -> String {
        "app: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
    }

    /// `maximumNesting` is what the bundled libyaml accepts: the issue states a real number.
    @Test func theStatedNestingLimitIsTheParsersOwn() throws {
        let limit = YAMLDocument.maximumNesting
        #expect(try Yams.compose(yaml: Self.blocks(limit - 1)) != nil)
        let error = #expect(throws: YamlError.self) { try Yams.compose(yaml: Self.blocks(limit)) }
        #expect("\(error.map { "\($0)" } ?? "")".contains(YAMLDocument.nestingProblem))
    }

    @Test func aDocumentNestedTooDeeplySaysTheLimitAndWhere() {
        let collector = IssueCollector(file: "deep.yaml")
        #expect(YAMLDocument.compose(Self.brackets(YAMLDocument.maximumNesting + 100), collector: collector) == nil)
        let issue = collector.issues.first
        #expect(collector.issues.count == 1)
        #expect(issue?.code == .nestingTooDeep)
        // Where libyaml noticed: its scanner had read every bracket when the parser reached the second.
        #expect(issue?.location == SourceLocation(file: "deep.yaml", line: 1, column: 7))
        #expect(issue?.message == "the document nests deeper than the YAML parser allows (1000 levels)")
        #expect(issue?.hint?.hasPrefix("a Turnout manifest needs only a few levels") == true)
        #expect(issue?.hint?.contains("colons after keys") == false, "the syntax-error hint does not fit")
    }
}
