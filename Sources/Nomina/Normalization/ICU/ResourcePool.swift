
/// A pool of non-thread-safe resources (ICU handles) that many threads share safely.
///
/// Invariant: a resource is owned by at most one caller at a time. It leaves the free
/// list under the mutex, is used by exactly one ``withResource(_:)`` call, and goes back
/// under the mutex. That invariant is why the class may be `@unchecked Sendable` even
/// though the resources themselves are not `Sendable`.
final class ResourcePool<Resource: AnyObject>: @unchecked Sendable {
    private let free = Locked<[Resource]>([])
    private let make: @Sendable () throws -> Resource
    private let maximumIdle: Int

    /// - Parameters:
    ///   - maximumIdle: resources kept for reuse; more are made under load and dropped.
    ///   - make: creates a resource (called outside the lock).
    init(maximumIdle: Int = 16, make: @escaping @Sendable () throws -> Resource) {
        self.make = make
        self.maximumIdle = maximumIdle
    }

    func withResource<R>(_ body: (Resource) throws -> R) throws -> R {
        let resource = try checkOut()
        defer { checkIn(resource) }
        return try body(resource)
    }

    private func checkOut() throws -> Resource {
        let reused: UncheckedBox<Resource?> = free.withLock { list in UncheckedBox(list.popLast()) }
        if let resource = reused.value { return resource }
        return try make()
    }

    private func checkIn(_ resource: Resource) {
        let box = UncheckedBox(resource)
        free.withLock { list in
            if list.count < maximumIdle { list.append(box.value) }
        }
    }
}

/// Carries a value across a `sending` boundary where the pool's invariant, not the
/// type system, guarantees exclusive access.
struct UncheckedBox<Value>: @unchecked Sendable {
    let value: Value
    init(_ value: Value) { self.value = value }
}
