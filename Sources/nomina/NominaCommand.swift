import ArgumentParser
import Nomina

@main
struct NominaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "nomina",
        abstract: "Resolve inconsistent names of places, countries, organisations and people.",
        discussion: "Nomina \(NominaVersion.string), ICU \(ICUInfo.version) (Unicode \(ICUInfo.unicodeVersion)).",
        version: NominaVersion.string,
        subcommands: [KeyCommand.self]
    )
}

enum NominaVersion {
    static let string = "0.1.0"
}
