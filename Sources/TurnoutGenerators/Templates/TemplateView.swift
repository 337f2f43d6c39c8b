import Mustache
import Synchronization

/// The fields of a template view by name, each read by a closure.
typealias TemplateFields<View> = [String: @Sendable (View) -> Any?]

/// A value a template is filled with: templates read its fields by name through ``templateFields``.
///
/// Mustache's default lookup reflects the value for every name it looks up (a `Mirror` over every stored
/// property, each property's type demangled), through the stack of enclosing values: that was half the time
/// of generating a compose file and a third of generating Kubernetes files. A table is a dictionary look-up
/// and a call. Debug builds check once per type that the table names every stored property, so a property
/// added without its entry fails the tests instead of rendering as nothing.
protocol TemplateView: MustacheParent {
    /// Every stored property, by its name.
    static var templateFields: TemplateFields<Self> { get }
}

extension TemplateView {
    func child(named name: String) -> Any? {
        #if DEBUG
        TemplateViewCheck.verify(self)
        #endif
        guard let field = Self.templateFields[name] else { return nil }
        return field(self)
    }
}

#if DEBUG
/// The debug-build check that a view's table matches its stored properties.
private enum TemplateViewCheck {
    private static let checked = Mutex<Set<ObjectIdentifier>>([])

    static func verify<View: TemplateView>(_ view: View) {
        guard checked.withLock({ $0.insert(ObjectIdentifier(View.self)).inserted }) else { return }
        let stored = Set(Mirror(reflecting: view).children.compactMap(\.label))
        let listed = Set(View.templateFields.keys)
        precondition(stored == listed, "\(View.self).templateFields must name exactly its stored properties: "
            + "missing \(stored.subtracting(listed).sorted()), extra \(listed.subtracting(stored).sorted())")
    }
}
#endif
