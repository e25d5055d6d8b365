extension Gazetteer {
    /// How a resolved candidate is written in `style` (``name(of:_:)-(Entity,_)``); nil
    /// when it has no such name. A pair written as one that is not an entry (`CHN+RUS`)
    /// joins its members' names with an en dash.
    public func name(of candidate: Candidate, _ style: NameStyle) -> String? {
        switch style {
        case .canonical: return candidate.name
        case .id: return candidate.id
        case .label, .name:
            if let entity = entity(id: candidate.id) { return name(of: entity, style) }
            guard !candidate.members.isEmpty else { return nil }
            let names = candidate.members.compactMap { id in entity(id: id).flatMap { name(of: $0, style) } }
            return names.count == candidate.members.count ? names.joined(separator: "–") : nil
        }
    }
}
