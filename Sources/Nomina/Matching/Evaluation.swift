/// Scores a resolver on a labelled set of queries (Tests/Evaluation/devset.tsv).
package struct Evaluation: Sendable {
    /// One labelled query. An empty `expected` marks a negative (must not match).
    package struct Example: Sendable, Hashable {
        package let category: String
        package let query: String
        package let expected: String
        /// The language or script of the query (optional 5th column), empty when not given.
        package let language: String
        package init(category: String, query: String, expected: String, language: String = "") {
            self.category = category
            self.query = query
            self.expected = expected
            self.language = language
        }
        package var isNegative: Bool { expected.isEmpty }
    }

    /// Counts for one category (or all).
    package struct Tally: Sendable, Hashable {
        package var examples = 0
        package var correct = 0
        package var wrong = 0
        package var ambiguous = 0
        package var none = 0

        /// Matches that were right, of all matches (positives).
        package var precision: Double { correct + wrong == 0 ? 1 : Double(correct) / Double(correct + wrong) }
        /// Matches, of all examples (positives): "resolved".
        package var resolved: Double { examples == 0 ? 0 : Double(correct + wrong) / Double(examples) }
        /// Ambiguous or no match, of all examples.
        package var abstention: Double { examples == 0 ? 0 : Double(ambiguous + none) / Double(examples) }
        /// For negatives: matches, of all examples.
        package var falsePositiveRate: Double { examples == 0 ? 0 : Double(correct + wrong) / Double(examples) }
    }

    package let byCategory: [String: Tally]
    /// Positives counted by the language/script column (examples without one count under "").
    package let byLanguage: [String: Tally]
    /// Negatives counted by the language/script column.
    package let negativesByLanguage: [String: Tally]
    package let positives: Tally
    package let negatives: Tally
    /// Wrong matches and false positives: (example, what it resolved to).
    package let confusions: [(Example, String)]

    /// Parses the TSV format: category, query, expected[, members[, language]]; `#` lines are comments.
    package static func parse(_ text: String) -> [Example] {
        text.split(separator: "\n", omittingEmptySubsequences: true).compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 2 else { return nil }
            return Example(category: fields[0], query: fields[1], expected: fields.count > 2 ? fields[2] : "",
                           language: fields.count > 4 ? fields[4] : "")
        }
    }

    package init(resolver: Resolver, examples: [Example]) {
        let resolutions = resolver.resolve(examples.map(\.query))
        var byCategory: [String: Tally] = [:]
        var byLanguage: [String: Tally] = [:], negativesByLanguage: [String: Tally] = [:]
        var positives = Tally(), negatives = Tally()
        var confusions: [(Example, String)] = []
        for (example, resolution) in zip(examples, resolutions) {
            var tally = byCategory[example.category, default: Tally()]
            var languageTally = (example.isNegative ? negativesByLanguage : byLanguage)[example.language, default: Tally()]
            tally.examples += 1
            languageTally.examples += 1
            switch resolution.outcome {
            case .match:
                let got = resolution.best?.id ?? ""
                if got == example.expected { tally.correct += 1; languageTally.correct += 1 } else {
                    tally.wrong += 1
                    languageTally.wrong += 1
                    confusions.append((example, got))
                }
            case .ambiguous: tally.ambiguous += 1; languageTally.ambiguous += 1
            case .noMatch: tally.none += 1; languageTally.none += 1
            }
            byCategory[example.category] = tally
            if example.isNegative { negativesByLanguage[example.language] = languageTally } else {
                byLanguage[example.language] = languageTally
            }
        }
        for (category, tally) in byCategory {
            let isNegative = examples.first(where: { $0.category == category })?.isNegative ?? false
            if isNegative {
                negatives.examples += tally.examples; negatives.correct += tally.correct; negatives.wrong += tally.wrong
                negatives.ambiguous += tally.ambiguous; negatives.none += tally.none
            } else {
                positives.examples += tally.examples; positives.correct += tally.correct; positives.wrong += tally.wrong
                positives.ambiguous += tally.ambiguous; positives.none += tally.none
            }
        }
        self.byCategory = byCategory
        self.byLanguage = byLanguage
        self.negativesByLanguage = negativesByLanguage
        self.positives = positives
        self.negatives = negatives
        self.confusions = confusions
    }
}
