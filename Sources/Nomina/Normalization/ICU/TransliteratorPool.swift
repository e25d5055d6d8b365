/// One ICU transform, usable from many threads at once.
///
/// ICU forbids using a `UTransliterator` from two threads at the same time. The pool
/// keeps one prototype, opened once, and hands every concurrent caller a clone of its
/// own; clones are reused, so steady-state use costs one short lock per call.
///
/// ```swift
/// let pool = try TransliteratorPool(id: "Any-Latin; Latin-ASCII")
/// await withTaskGroup(of: String.self) { group in
///     for name in names { group.addTask { try! pool.transliterate(name) } }
/// }
/// ```
///
/// Note that ICU's registry-based rule transliterators share a process-wide lock, so
/// threads do not run ICU transliteration in parallel; the pool makes it *safe*, and
/// ``NameNormalizer`` makes it *rare* by caching.
package final class TransliteratorPool: Sendable {
    /// The transform's ID.
    package let id: String
    private let pool: ResourcePool<Transliterator>

    /// Opens the prototype now, so that a bad ID fails here and not on first use.
    package init(id: String, reverse: Bool = false) throws(ICUError) {
        let prototype = UncheckedBox(try Transliterator(id: id, reverse: reverse))
        self.id = id
        self.pool = Self.makePool(prototype: prototype)
    }

    /// A pool for custom rules.
    package init(rules: String, name: String = "Nomina-Custom", reverse: Bool = false) throws(ICUError) {
        let prototype = UncheckedBox(try Transliterator(rules: rules, name: name, reverse: reverse))
        self.id = name
        self.pool = Self.makePool(prototype: prototype)
    }

    private static func makePool(prototype: UncheckedBox<Transliterator>) -> ResourcePool<Transliterator> {
        let cloneLock = ResourceLock()
        let pool = ResourcePool<Transliterator> {
            // utrans_clone only reads the prototype, but nothing in ICU's documentation
            // promises that concurrent clones of one instance are safe: serialise them.
            try cloneLock.withLock { try prototype.value.clone() }
        }
        return pool
    }

    /// Transliterates `text` with a transliterator no other thread is using.
    package func transliterate(_ text: String) throws -> String {
        try pool.withResource { try $0.transliterate(text) }
    }

    /// Runs `body` with exclusive use of one transliterator of this transform.
    package func withTransliterator<R>(_ body: (Transliterator) throws -> R) throws -> R {
        try pool.withResource(body)
    }
}


/// A plain mutual-exclusion lock for short critical sections.
final class ResourceLock: Sendable {
    private let mutex = Locked<Void>(())
    func withLock<R>(_ body: () throws -> R) rethrows -> R {
        try mutex.withLock { _ in try body() }
    }
}
