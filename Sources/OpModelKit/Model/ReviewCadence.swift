import Foundation

/// How often the team reviews progress against the roadmap (Improve phase). The assessment file
/// stores the word; these are the ones opmodel offers and accepts when asking.
public enum ReviewCadence: String, CaseIterable, Sendable {
    /// Every week.
    case weekly
    /// Every two weeks.
    case fortnightly
    /// Every month.
    case monthly
    /// Every quarter.
    case quarterly

    /// The cadence a reply names: a word of the list or its first letter, in any case; nil for
    /// anything else (such as "biweekly", which means every two weeks to some and twice a week
    /// to others).
    public init?(reply: String) {
        let word = reply.trimmingCharacters(in: .whitespaces).lowercased()
        guard !word.isEmpty,
            let match = Self.allCases.first(where: {
                $0.rawValue == word || (word.count == 1 && $0.rawValue.hasPrefix(word))
            })
        else { return nil }
        self = match
    }

    /// `weekly, fortnightly, monthly, quarterly`.
    public static var list: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
