import ArgumentParser

@main
struct NominaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "nomina")
}
