import ArgumentParser
import Nomina
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `nomina key`: print the comparison form of names.
struct KeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "key",
        abstract: "Print the folded key, tokens, scripts and phonetic key of names.",
        discussion: """
            Names come from the arguments or, when there are none, from standard input, one \
            per line. Each input line gives exactly one result, in order; an empty line gives \
            an empty key. With --format json each result is one JSON object per line with the \
            fields input, key, tokens, scripts and phonetic (and stages with --explain).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case text, json
    }

    enum Stage: String, ExpressibleByArgument, CaseIterable {
        case casefold, format, punctuation, homoglyphs, transliteration, ascii
    }

    @Flag(help: "Also print the output of each stage of the pipeline.")
    var explain = false

    @Option(help: "Output format: \(Format.allCases.map(\.rawValue).joined(separator: " or ")).")
    var format: Format = .text

    @Option(name: .customLong("skip"), help: ArgumentHelp(
        "Switch off a stage (repeatable): \(Stage.allCases.map(\.rawValue).joined(separator: ", ")). casefold and format are the two parts of what --explain shows as clean-up.",
        valueName: "stage"))
    var skippedStages: [Stage] = []

    @Flag(help: "Remove particles such as 'the', 'al', 'de' from keys.")
    var particles = false

    @Argument(help: "Names to normalise. Reads standard input when none are given.")
    var names: [String] = []

    func run() throws {
        var profile = NormalizationProfile.default
        for stage in skippedStages {
            switch stage {
            case .casefold: profile.caseFold = false
            case .format: profile.removeFormatCharacters = false
            case .punctuation: profile.foldPunctuation = false
            case .homoglyphs: profile.repairHomoglyphs = false
            case .transliteration: profile.transliterate = false
            case .ascii: profile.asciiFold = false
            }
        }
        profile.removeParticles = particles
        let normalizer = NameNormalizer(profile: profile)
        var output = OutputStream.standardOutput
        if names.isEmpty {
            // Keys of names typed at a terminal are written as they come.
            let interactive = isatty(0) == 1
            while let line = readLine(strippingNewline: true) {
                emit(line, normalizer: normalizer, to: &output)
                if interactive { output.flush() }
            }
        } else {
            for name in names { emit(name, normalizer: normalizer, to: &output) }
        }
        try output.finish()
    }

    private func emit(_ name: String, normalizer: NameNormalizer, to output: inout OutputStream) {
        let result = normalizer.normalize(name)
        let stages = explain ? normalizer.explain(name) : []
        switch format {
        case .json:
            var object = JSONObject()
            object.add("input", string: result.original)
            object.add("key", string: result.key)
            object.add("tokens", strings: result.tokens)
            object.add("scripts", strings: result.scripts.map(\.code))
            object.add("phonetic", string: result.phonetic)
            if explain {
                object.add("stages", raw: "[" + stages.map { stage in
                    var item = JSONObject()
                    item.add("name", string: stage.name)
                    item.add("output", string: stage.output)
                    return item.text
                }.joined(separator: ",") + "]")
            }
            output.write(object.text + "\n")
        case .text:
            var text = "\(result.original)\n"
            text += "  key       \(result.key)\n"
            text += "  tokens    \(result.tokens.joined(separator: " | "))\n"
            text += "  scripts   \(result.scripts.map(\.code).joined(separator: " "))\n"
            text += "  phonetic  \(result.phonetic)\n"
            if explain {
                text += "  stages\n"
                for stage in stages {
                    text += "    " + stage.name.padding(16) + stage.output + "\n"
                }
            }
            output.write(text)
        }
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
