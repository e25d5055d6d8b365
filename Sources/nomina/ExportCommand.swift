import ArgumentParser
import Nomina

/// `nomina export`: print every entity of a dictionary set.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Print every entity of the loaded dictionaries, to inspect, diff or convert them.",
        discussion: """
            jsonl: one object per entity with the fields id, name, kind, codes, aliases (name, lang, \
            type), demonyms, members, claimants, negatives (name, instead), parent, population, since, \
            until and tier. tsv: one alias per line \
            in the bulk dictionary format, which `nomina` can load back; it has no fields for negative \
            names, claimants and dates, which are left out with a note on standard error (jsonl keeps them).
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case jsonl, tsv
    }

    @Option(help: "Output format: jsonl or tsv.")
    var format: Format = .jsonl

    @Flag(name: .customLong("no-bundled"), help: "Do not include the dictionaries bundled with Nomina.")
    var noBundled = false

    @Argument(help: ArgumentHelp("More dictionary files or folders.", valueName: "path"))
    var paths: [String] = []

    func run() throws {
        let gazetteer = try DictionaryOptions.make(paths: paths, noBundled: noBundled).load()
        var output = OutputStream.standardOutput
        switch format {
        case .jsonl:
            for entity in gazetteer.entities {
                var object = JSONObject()
                object.add("id", string: entity.id)
                object.add("name", string: entity.name)
                object.add("kind", string: entity.kind.rawValue)
                object.add("codes", raw: "{" + entity.codes.keys.sorted().map {
                    JSONObject.quote($0) + ":" + JSONObject.quote(entity.codes[$0]!)
                }.joined(separator: ",") + "}")
                func names(_ aliases: [Alias]) -> String {
                    "[" + aliases.map { alias in
                        var item = JSONObject()
                        item.add("name", string: alias.name)
                        item.add("lang", raw: alias.language.map(JSONObject.quote) ?? "null")
                        item.add("type", raw: alias.type.map { JSONObject.quote($0.rawValue) } ?? "null")
                        return item.text
                    }.joined(separator: ",") + "]"
                }
                object.add("aliases", raw: names(entity.aliases))
                object.add("demonyms", raw: names(entity.demonyms))
                object.add("members", strings: entity.members)
                object.add("claimants", strings: entity.claimants)
                object.add("negatives", raw: "[" + entity.negatives.map { negative in
                    var item = JSONObject()
                    item.add("name", string: negative.name)
                    item.add("instead", raw: negative.instead.map(JSONObject.quote) ?? "null")
                    return item.text
                }.joined(separator: ",") + "]")
                object.add("parent", raw: entity.parent.map(JSONObject.quote) ?? "null")
                object.add("population", raw: entity.population.map(String.init) ?? "null")
                object.add("since", raw: entity.since.map(JSONObject.quote) ?? "null")
                object.add("until", raw: entity.until.map(JSONObject.quote) ?? "null")
                object.add("tier", string: entity.tier.rawValue)
                output.write(object.text + "\n")
            }
        case .tsv:
            output.write("# nomina-bulk 1\n# id\tkind\tname\talias\tlang\ttype\texact\tparent\tcodes\tnote\tpopulation\tmembers\n")
            var negatives = 0, claimants = 0, dated = 0
            for entity in gazetteer.entities {
                negatives += entity.negatives.count
                claimants += entity.claimants.isEmpty ? 0 : 1
                dated += entity.since != nil || entity.until != nil ? 1 : 0
                var allCodes = entity.codes
                if let han = entity.hanAbbreviation { allCodes["han-abbreviation"] = han }
                let codes = allCodes.keys.sorted().map { "\($0)=\(allCodes[$0]!)" }.joined(separator: ";")
                func row(_ alias: Alias?) -> String {
                    [entity.id, entity.kind.rawValue, entity.name, alias?.name ?? "", alias?.language ?? "",
                     alias?.type?.rawValue ?? "", alias?.exactOnly == true ? "1" : "", entity.parent ?? "", codes,
                     (alias == nil ? entity.note : alias?.note) ?? "",
                     alias == nil ? entity.population.map(String.init) ?? "" : "",
                     alias == nil ? entity.members.joined(separator: ";") : ""]
                        .map { $0.replacingOccurrences(of: "\t", with: " ").replacingOccurrences(of: "\n", with: " ") }.joined(separator: "\t") + "\n"
                }
                output.write(row(nil))
                // Demonyms as rows of type `demonym`, which read back as demonyms.
                for alias in entity.aliases + entity.demonyms { output.write(row(alias)) }
            }
            output.flush()
            let lost = [(negatives, "negative names"), (claimants, "entities' claimants"), (dated, "entities' since/until dates")]
                .filter { $0.0 > 0 }.map { "\($0.0) \($0.1)" }
            if !lost.isEmpty {
                var errors = OutputStream.standardError
                errors.write("note: the bulk format has no field for \(lost.joined(separator: ", ")); they are left out (--format jsonl keeps them)\n")
                errors.flush()
            }
        }
        try output.finish()
    }
}

extension DictionaryOptions {
    static func make(paths: [String], noBundled: Bool) -> DictionaryOptions {
        var options = DictionaryOptions()
        options.dictionaries = paths
        options.noBundled = noBundled
        return options
    }
}
