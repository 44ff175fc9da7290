/// Keys of the report context that only shape how a value is laid out.
extension ReportContext {
    /// Adds `idText` to every step of `roadmap` (milestones, backlog, dropped): the step's id
    /// with a word joiner after its hyphen (``MarkdownEscaping/joiningHyphens(_:)``), so that a
    /// Markdown table never breaks `SM-02@2` into `SM-` and `02@2`.
    static func addLayoutKeys(_ context: inout JSONObject) {
        guard case .object(var roadmap)? = context["roadmap"] else { return }
        func withIDText(_ steps: JSONValue?) -> JSONValue? {
            guard case .array(let list)? = steps else { return steps }
            return .array(
                list.map { step in
                    guard case .object(var entry) = step, case .string(let id)? = entry["id"] else { return step }
                    entry["idText"] = .string(MarkdownEscaping.joiningHyphens(id))
                    return .object(entry)
                })
        }
        if case .array(let milestones)? = roadmap["milestones"] {
            roadmap["milestones"] = .array(
                milestones.map { milestone in
                    guard case .object(var entry) = milestone else { return milestone }
                    entry["steps"] = withIDText(entry["steps"])
                    return .object(entry)
                })
        }
        roadmap["backlog"] = withIDText(roadmap["backlog"])
        roadmap["dropped"] = withIDText(roadmap["dropped"])
        context["roadmap"] = .object(roadmap)
    }
}
