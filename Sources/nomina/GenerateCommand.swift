import ArgumentParser
import Foundation
import Nomina

/// `nomina generate countries`: rebuild the generated country dictionary;
/// `nomina generate ordinary-words`: rebuild the list of ordinary words that are no near
/// misses of names.
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Rebuild generated dictionaries from ICU's CLDR data and curated facts.",
        subcommands: [Countries.self, OrdinaryWords.self]
    )

    /// Refuses an output path that is not a regular file where one exists (a device, a
    /// FIFO, a folder): the generated file is written beside it and renamed over it (a link
    /// is followed, ``ReplacedFile``).
    static func checkOutput(_ output: String) throws {
        guard output != "-" else { return }
        _ = try ReplacedFile(output, command: "generate")
    }

    /// Writes `text` to standard output (`-`) or to `output`, beside it first and renamed
    /// into place, so a failed run never leaves half a file; says so with `summary`.
    static func write(_ text: String, to output: String, summary: String) throws {
        if output == "-" {
            var out = OutputStream.standardOutput
            out.write(text)
            try out.finish()
            return
        }
        let file = try ReplacedFile(output, command: "generate")
        let output = file.target
        let temporary = output + ".tmp-\(getpid())"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(text.utf8)) else {
            throw CLIError("cannot write \(temporary); check that its folder exists and is writable")
        }
        if rename(temporary, output) != 0 {
            unlink(temporary)
            throw CLIError("cannot replace \(output); check that its folder is writable")
        }
        file.keepMode()
        var errors = OutputStream.standardError
        errors.write("wrote \(output): \(summary)\n")
        errors.flush()
    }

    struct Countries: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the multilingual countries and territories dictionary (bulk TSV).")

        @Option(help: ArgumentHelp("The curated country facts.", valueName: "file"))
        var curation = "Curation/countries.yaml"

        @Option(name: .shortAndLong, help: ArgumentHelp("Where to write; - for standard output.", valueName: "file"))
        var output = "Dictionaries/countries.tsv"

        func run() throws {
            try GenerateCommand.checkOutput(output)
            let generated: CountryDictionaryGenerator.Output
            do {
                generated = try CountryDictionaryGenerator(curationFile: curation).generate()
            } catch {
                var errors = OutputStream.standardError
                for diagnostic in error.diagnostics { errors.write(diagnostic.description + "\n") }
                errors.flush()
                throw CLIError("\(curation) has \(error.diagnostics.count) error(s); fix them and run again")
            }
            try GenerateCommand.write(generated.text, to: output,
                                      summary: "\(generated.entityCount) entities, \(generated.aliasCount) aliases (ICU \(ICUInfo.version))")
        }
    }

    struct OrdinaryWords: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "ordinary-words",
            abstract: "Write the ordinary words that the resolver would take for near misses of names.",
            discussion: """
                Reads word lists (one word per line; words in small letters are ordinary words, \
                capitalised ones proper nouns and skipped), resolves every word of four letters or \
                more with the bundled dictionaries, the ordinary-word stop turned off, and writes \
                those matched only approximately (phonetic or fuzzy): their folded key, the \
                languages whose lists hold them, and what they matched. The resolver then reads \
                them as the words they are ("médico" is not one edit from Mexico).
                """)

        @Option(name: .customLong("list"), parsing: .singleValue,
                help: ArgumentHelp("A word list as LANG=PATH (repeatable).", valueName: "lang=path"))
        var lists: [String] = ["en=/usr/share/dict/american-english", "en=/usr/share/dict/british-english",
                               "fr=/usr/share/dict/french", "de=/usr/share/dict/ngerman", "es=/usr/share/dict/spanish",
                               "it=/usr/share/dict/italian", "pt=/usr/share/dict/portuguese"]

        @Option(name: .shortAndLong, help: ArgumentHelp("Where to write; - for standard output.", valueName: "file"))
        var output = "Sources/Nomina/Resources/ordinary-words.tsv"

        func run() throws {
            var languages: [String: Set<String>] = [:]  // word → languages
            var order: [String] = []
            try GenerateCommand.checkOutput(output)
            for list in lists {
                let parts = list.split(separator: "=", maxSplits: 1).map(String.init)
                guard parts.count == 2, !parts[1].isEmpty,
                      parts[0].split(separator: "-", omittingEmptySubsequences: false).allSatisfy({ part in
                          (1...8).contains(part.count) && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber) }
                      }) else {
                    throw CLIError("--list \(list.debugDescription): write it LANG=PATH, with LANG a language tag such as en or pt-BR")
                }
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: parts[1], isDirectory: &isDirectory) else {
                    throw CLIError("the word list \(parts[1]) does not exist (Debian: apt-get install wamerican wbritish wfrench wngerman wspanish witalian wportuguese)")
                }
                guard !isDirectory.boolValue, let data = FileManager.default.contents(atPath: parts[1]) else {
                    throw CLIError("cannot read the word list \(parts[1]): it is a folder or unreadable; give a file of one word a line")
                }
                guard let text = String(validating: data, as: UTF8.self) else {
                    throw CLIError("the word list \(parts[1]) is not UTF-8 text; convert it (iconv -t UTF-8) and run again")
                }
                for line in text.split(whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
                    let word = String(line)
                    guard word.count >= 4, let first = word.first, first.isLowercase,
                          word.allSatisfy({ $0.isLetter || $0 == "-" }) else { continue }
                    if languages[word] == nil { order.append(word) }
                    languages[word, default: []].insert(parts[0])
                }
            }
            let gazetteer = try DictionaryOptions.make(paths: [], noBundled: false).load()
            var options = ResolverOptions()
            options.ordinaryWordStop = false
            let resolver = Resolver(gazetteer: gazetteer, options: options)
            let resolutions = resolver.resolve(order)
            var rows: [String: (languages: Set<String>, matched: String)] = [:]
            for (word, resolution) in zip(order, resolutions) where resolution.outcome != .noMatch {
                guard resolution.method == .phonetic || resolution.method == .fuzzy else { continue }
                let key = NameNormalizer.shared.key(word)
                guard !key.isEmpty else { continue }
                let matched = resolution.best.map { "\($0.id) \($0.matchedName)" } ?? "ambiguous"
                rows[key, default: ([], matched)].languages.formUnion(languages[word] ?? [])
            }
            let sources = lists.map { "# - \($0)\n" }.joined()
            var text = """
                # Ordinary words that the resolver would read as near misses of names (phonetic or fuzzy
                # matches), so it does not: "médico" is not Mexico. Folded key <TAB> languages whose word
                # lists hold it in small letters <TAB> what it matched (id and name). Generated by
                # `nomina generate ordinary-words` from the bundled dictionaries and these word lists
                # (by default Debian's wamerican, wbritish, wfrench, wngerman, wspanish, witalian and
                # wportuguese: SCOWL and the lists' own sources, free licences); do not edit by hand.
                # \(rows.count) words.

                """ + sources
            for key in rows.keys.sorted() {
                let row = rows[key]!
                text += "\(key)\t\(row.languages.sorted().joined(separator: ","))\t\(row.matched)\n"
            }
            try GenerateCommand.write(text, to: output, summary: "\(rows.count) words of \(order.count) read")
        }
    }
}
