import Dispatch
import Foundation

/// `transform` applied to every input on all cores, in chunks of `chunk` inputs; each chunk
/// starts from a fresh `state()` (a scanner, an ICU handle), and the results are in input
/// order. Each result slot is written by exactly one worker, so the slots may be shared.
func concurrentMap<Input: Sendable, Output, State>(_ inputs: [Input], chunk: Int, state makeState: @Sendable () -> State,
                                                   _ transform: @Sendable (inout State, Input) -> Output) -> [Output] {
    // Workers initialise the slots of the result array itself: no optional wrapper, and no
    // sequential copy (and release) of every result at the end.
    [Output](unsafeUninitializedCapacity: inputs.count) { buffer, initialized in
        let slots = UncheckedBox(buffer)
        DispatchQueue.concurrentPerform(iterations: (inputs.count + chunk - 1) / chunk) { block in
            var state = makeState()
            for position in (block * chunk)..<min(inputs.count, (block + 1) * chunk) {
                (slots.value.baseAddress! + position).initialize(to: transform(&state, inputs[position]))
            }
        }
        initialized = inputs.count
    }
}

/// ``concurrentMap(_:chunk:state:_:)`` for async callers: the chunks run as child tasks,
/// at most one per core at a time, so the caller suspends instead of holding a thread of
/// the cooperative pool while it waits, and each chunk is short enough not to starve other
/// tasks for long. Cancellation stops new chunks from starting and throws
/// `CancellationError`.
func concurrentMap<Input: Sendable, Output: Sendable, State>(
    _ inputs: [Input], chunk: Int, state makeState: @escaping @Sendable () -> State,
    _ transform: @escaping @Sendable (inout State, Input) -> Output
) async throws -> [Output] {
    let chunks = (inputs.count + chunk - 1) / chunk
    guard chunks > 0 else { return [] }
    let width = max(1, min(chunks, ProcessInfo.processInfo.activeProcessorCount))
    var results = [[Output]?](repeating: nil, count: chunks)
    try await withThrowingTaskGroup(of: (Int, [Output]).self) { group in
        func start(_ block: Int) {
            group.addTask {
                try Task.checkCancellation()
                var state = makeState()
                var outputs: [Output] = []
                outputs.reserveCapacity(chunk)
                for position in (block * chunk)..<min(inputs.count, (block + 1) * chunk) {
                    outputs.append(transform(&state, inputs[position]))
                }
                return (block, outputs)
            }
        }
        var next = 0
        while next < width { start(next); next += 1 }
        while let (block, outputs) = try await group.next() {
            results[block] = outputs
            if next < chunks { start(next); next += 1 }
        }
    }
    return results.flatMap { $0! }
}
