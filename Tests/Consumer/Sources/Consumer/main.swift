import Nomina

// Exits non-zero, with a sentence, unless the bundled dictionaries load and resolve.
do {
    let gazetteer = try Gazetteer.bundled()
    let checks: [(String, String)] = [("Азербайджан", "AZE"), ("阿塞拜疆", "AZE"), ("Aserbaidschan", "AZE"),
                                      ("纳卡", "nagorno-karabakh")]
    for (name, id) in checks where gazetteer.entities(named: name).map(\.id) != [id] {
        print("consumer: \(name) did not resolve to \(id)")
        exit(1)
    }
    let members = gazetteer.members(of: "azerbaijan-armenia").map(\.id)
    guard members == ["AZE", "ARM"] else {
        print("consumer: azerbaijan-armenia has members \(members)")
        exit(1)
    }
    print("consumer: loaded \(gazetteer.entities.count) entities and \(gazetteer.aliasCount) aliases from the bundled dictionaries; \(NameNormalizer.shared.key("Нагорный Карабах"))")
} catch {
    print("consumer: \(error)")
    exit(1)
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
