import Dispatch

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
