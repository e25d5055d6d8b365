import Foundation
import Testing
@testable import Nomina

@Suite("Index cache folder and bundled resolver")
struct IndexCacheLibraryTests {
    static let environments: [(environment: [String: String], expected: String?)] = [
        (["NOMINA_CACHE_DIR": "/srv/cache", "XDG_CACHE_HOME": "/x", "HOME": "/home/u"], "/srv/cache"),
        (["NOMINA_CACHE_DIR": "off", "HOME": "/home/u"], nil),
        (["NOMINA_CACHE_DIR": "OFF", "HOME": "/home/u"], nil),
        (["NOMINA_CACHE_DIR": "", "HOME": "/home/u"], nil),
        (["XDG_CACHE_HOME": "/x/cache", "HOME": "/home/u"], "/x/cache/nomina"),
        // XDG says a relative path is invalid and must be ignored.
        (["XDG_CACHE_HOME": "relative", "HOME": "/home/u"], "/home/u/.cache/nomina"),
        (["HOME": "/home/u"], "/home/u/.cache/nomina"),
        ([:], nil),
    ]

    @Test("the cache folder comes from the environment", arguments: environments.indices)
    func folder(_ which: Int) {
        let (environment, expected) = Self.environments[which]
        #expect(IndexCache(environment: environment).directory == expected)
    }

    @Test("the cached file's name is this build's key, stable within the process")
    func path() throws {
        let path = try #require(IndexCache(directory: "/c").bundledIndexPath)
        #expect(path.hasPrefix("/c/bundled-") && path.hasSuffix(".nomina"))
        let key = path.dropFirst("/c/bundled-".count).dropLast(".nomina".count)
        #expect(key.count == 16 && key.allSatisfy(\.isHexDigit))
        #expect(IndexCache(directory: "/c").bundledIndexPath == path)
        #expect(IndexCache.disabled.bundledIndexPath == nil)
    }

    @Test("a resolver mapped from the cache answers as one built from the dictionaries")
    func mappedEqualsBuilt() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("nomina-lib-cache-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let cache = IndexCache(directory: folder)
        let (first, origin) = try Resolver.bundledWithOrigin(cache: cache)
        guard case .builtAndCached = origin else { Issue.record("expected a build, got \(origin)"); return }
        let (mapped, again) = try Resolver.bundledWithOrigin(cache: cache)
        #expect(again == .mapped(path: cache.bundledIndexPath!))
        // Built from the dictionaries (the shared one when it is built: each build of the
        // bundled set takes a minute in a debug build).
        let built = ResolverTests.resolverIndex == nil ? ResolverTests.resolver : Resolver(gazetteer: try .bundled())
        // Every name of a sample of entities, and one-edit typos of them.
        var queries = ["Naka", "Naqqa", "Aya-Yaah", "Azerbaidzhan", "République d'Azerbaïdjan", "Georgia, USA", "xyzzy", ""]
        var generator = SystemRandomNumberGenerator()
        for entity in built.gazetteer.entities.shuffled(using: &generator).prefix(40) {
            for name in ([entity.name] + entity.aliases.map(\.name)).prefix(6) {
                queries.append(name)
                var scalars = Array(name.unicodeScalars)
                if scalars.count > 3 { scalars.remove(at: Int.random(in: 0..<scalars.count, using: &generator)) }
                queries.append(String(String.UnicodeScalarView(scalars)))
            }
        }
        for query in queries {
            let expected = built.resolve(query)
            #expect(mapped.resolve(query) == expected, "\(query)")
            #expect(first.resolve(query) == expected, "\(query)")
        }
    }
}
