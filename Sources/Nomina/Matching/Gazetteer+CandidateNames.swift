extension Gazetteer {
    /// How a resolved candidate is written in `style`. A pair written as one that is not
    /// an entry (`CHN+RUS`) joins its members' names with an en dash.
    public func name(of candidate: Candidate, _ style: NameStyle) -> String {
        switch style {
        case .canonical: return candidate.name
        case .id: return candidate.id
        case .label, .name:
            if let entity = entity(id: candidate.id) { return name(of: entity, style) }
            guard !candidate.members.isEmpty else { return candidate.name }
            return candidate.members.map { id in entity(id: id).map { name(of: $0, style) } ?? id }.joined(separator: "–")
        }
    }
}
