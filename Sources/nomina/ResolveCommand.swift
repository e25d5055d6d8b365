import ArgumentParser
import Nomina
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `nomina resolve`: which entity is this name?
struct ResolveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resolve",
        abstract: "Resolve names to gazetteer entities, with a score, a method and an explanation.",
        discussion: """
            Names come from the arguments or, when there are none, from standard input, one per \
            line; one result per query, in input order. TSV columns: query, id, name, kind, score \
            (3 decimals), method (exact, folded, code, confusable, phonetic, designator, prefix, fuzzy, \
            compound, abbreviation, romanized, inflected, ambiguous or none); id, name and kind are empty for no match and for \
            ambiguous results. JSON and JSONL add the outcome, candidates, members and explanation.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, tsv, json, jsonl
    }

    @OptionGroup var source: ResolverSource

    @Option(name: .customLong("kind"), help: ArgumentHelp("Only entities of this kind (repeatable).", valueName: "kind"))
    var kinds: [EntityKind] = []

    @Option(help: "Scores below this are no match (0 to 1).")
    var threshold: Double = 0.75

    @Option(help: "How many candidates to list.")
    var top: Int = 5

    @Option(help: "Output format: text, tsv, json or jsonl.")
    var format: Format = .text

    @Flag(help: "Show the steps that led to each answer.")
    var explain = false

    @Argument(help: "Names to resolve. Reads standard input when none are given.")
    var names: [String] = []

    func validate() throws {
        guard (0...1).contains(threshold) else { throw ValidationError("--threshold must be between 0 and 1; got \(threshold)") }
        guard top >= 1 else { throw ValidationError("--top must be at least 1; got \(top)") }
    }

    /// A field of a TSV row: tabs and line breaks (CR LF, LF, CR) become one space each, as
    /// they would split the row. Most fields have none and are returned as they are (the
    /// check goes over bytes; Foundation's replacing was most of `resolve`'s time).
    static func tsvField(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else { return text }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(text.utf8.count)
        var previousCR = false
        for byte in text.utf8 {
            if byte == 0x0A && previousCR { previousCR = false; continue }
            previousCR = byte == 0x0D
            bytes.append(byte == 0x09 || byte == 0x0A || byte == 0x0D ? 0x20 : byte)
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    func run() throws {
        var options = ResolverOptions(threshold: threshold, top: top)
        if !kinds.isEmpty { options.kinds = Set(kinds) }
        let resolver = try source.resolver(options: options)
        var output = OutputStream.standardOutput
        if format == .json { output.write("[") }
        var first = true
        var errors = OutputStream.standardError
        func emit(_ resolution: Resolution) {
            for case .tooLong(let bytes, let limit) in resolution.explanation {
                errors.write("nomina: warning: a name of \(bytes) bytes is longer than the \(limit)-byte limit; it was only looked up as written\n")
                errors.flush()
            }
            switch format {
            case .tsv:
                let best = resolution.best
                output.write([resolution.query, best?.id ?? "", best?.name ?? "", best?.kind.rawValue ?? "",
                              formatScore(resolution.score), resolution.method.rawValue]
                    .map(Self.tsvField).joined(separator: "\t") + "\n")
            case .json, .jsonl:
                if format == .json && !first { output.write(",") }
                output.write(Self.json(resolution, parent: resolver.parent(of:)) + (format == .jsonl ? "\n" : ""))
            case .text:
                output.write(Self.text(resolution, explain: explain, parent: resolver.parent(of:)))
            }
            first = false
        }
        if names.isEmpty {
            // Stream: resolve in batches so that long inputs use every core and keep order;
            // names typed at a terminal are answered one by one, as they come.
            let batchSize = isatty(0) == 1 ? 1 : 4_096
            var batch: [String] = []
            while let line = readLine(strippingNewline: true) {
                batch.append(line)
                if batch.count == batchSize {
                    resolver.resolve(batch).forEach(emit)
                    batch.removeAll(keepingCapacity: true)
                    output.flush()
                }
            }
            resolver.resolve(batch).forEach(emit)
        } else {
            resolver.resolve(names).forEach(emit)
        }
        if format == .json { output.write("]\n") }
        try output.finish()
    }

    /// The text rendering; `parent` gives an entity's parent id (the country of a city).
    static func text(_ resolution: Resolution, explain: Bool, parent: (String) -> String? = { _ in nil }) -> String {
        var text = resolution.query + "\n"
        switch resolution.outcome {
        case .match:
            let best = resolution.best!
            let kind = best.kind.rawValue + (parent(best.id).map { " in \($0)" } ?? "")
            // The name that matched, when it is not the canonical one ("Stepanakert" of the
            // place GeoNames now calls Khankendi).
            let matched = best.matchedName != best.name && !best.matchedName.isEmpty ? "  matched \"\(best.matchedName)\"" : ""
            text += "  → \(best.id)  \(best.name) (\(kind))  score \(formatScore(best.score))  \(best.method.rawValue)\(matched)\n"
            if !best.members.isEmpty { text += "    members \(best.members.joined(separator: ", "))\n" }
        case .ambiguous:
            text += "  ambiguous: " + resolution.candidates.prefix(4).map { "\($0.id) (\(formatScore($0.score)))" }.joined(separator: ", ") + "\n"
            // What each one is: ids alone say little of places ("Reading": which two?).
            for candidate in resolution.candidates.prefix(4) {
                let kind = candidate.kind.rawValue + (parent(candidate.id).map { " in \($0)" } ?? "")
                text += "    \(candidate.id)  \(candidate.name) (\(kind))\n"
            }
        case .noMatch:
            text += "  no match" + (resolution.candidates.first.map { "; best \($0.id) at \(formatScore($0.score))" } ?? "") + "\n"
        }
        if explain {
            for step in resolution.explanation { text += "    · \(step.description)\n" }
        }
        return text
    }

    /// `parent` gives an entity's parent id (a city's country).
    static func json(_ resolution: Resolution, parent: (String) -> String? = { _ in nil }) -> String {
        func candidate(_ candidate: Candidate) -> String {
            var bytes: [UInt8] = []
            JSONWriter.appendCandidate(candidate, parent: parent(candidate.id), to: &bytes)
            return String(decoding: bytes, as: UTF8.self)
        }
        var object = JSONObject()
        object.add("query", string: resolution.query)
        object.add("outcome", string: resolution.outcome.rawValue)
        object.add("id", raw: resolution.best.map { JSONObject.quote($0.id) } ?? "null")
        object.add("name", raw: resolution.best.map { JSONObject.quote($0.name) } ?? "null")
        object.add("kind", raw: resolution.best.map { JSONObject.quote($0.kind.rawValue) } ?? "null")
        object.add("parent", raw: resolution.best.flatMap { parent($0.id) }.map(JSONObject.quote) ?? "null")
        object.add("score", raw: formatScore(resolution.score))
        object.add("method", string: resolution.method.rawValue)
        object.add("members", strings: resolution.members)
        object.add("demonym_of", raw: resolution.demonymOf.map(JSONObject.quote) ?? "null")
        object.add("candidates", raw: "[" + resolution.candidates.map(candidate).joined(separator: ",") + "]")
        object.add("explanation", raw: "[" + resolution.explanation.map { JSONObject.quote($0.description) }.joined(separator: ",") + "]")
        return object.text
    }
}

extension EntityKind: ExpressibleByArgument {}
