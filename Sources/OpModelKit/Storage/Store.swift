import Foundation

/// The workspace of assessments (DESIGN §5.3): `<root>/<team-slug>/<period>.json`, plus a copy of
/// every questionnaire version used, `<root>/questionnaires/<id>@<version>.json`.
public struct Store: Sendable {
    /// The folder name that holds questionnaire copies.
    public static let questionnairesFolder = "questionnaires"

    /// The store's folder.
    public let root: String
    /// Where files are read and written.
    public let fileSystem: any FileSystem

    /// The store at `root`.
    public init(root: String, fileSystem: any FileSystem) {
        self.root = root.count > 1 && root.hasSuffix("/") ? String(root.dropLast()) : root
        self.fileSystem = fileSystem
    }

    /// The folder name of a team: lower-case ASCII letters, digits and dashes, never empty,
    /// never `.`/`..`, never with a slash or a leading dot. Accents are dropped ("Équipe" →
    /// `equipe`); a name with no Latin letters gets a stable `team-<hash>`.
    public static func slug(for team: String) -> String {
        var slug = ""
        var pendingDash = false
        for scalar in team.unicodeScalars {
            let folded = fold(scalar)
            if folded.isEmpty {
                pendingDash = !slug.isEmpty
                continue
            }
            if pendingDash { slug += "-" }
            pendingDash = false
            slug += folded
        }
        if slug.isEmpty {
            return "team-" + stableHash(team)
        }
        if slug.count > 64 {
            slug = String(slug.prefix(64))
            while slug.hasSuffix("-") { slug.removeLast() }
        }
        return slug
    }

    /// The path of the assessment of `team` for `period`.
    public func assessmentPath(team: String, period: Period) -> String {
        "\(root)/\(Self.slug(for: team))/\(period).json"
    }

    /// The path of the copy of a questionnaire version.
    public func questionnaireCopyPath(id: String, version: String) -> String {
        "\(root)/\(Self.questionnairesFolder)/\(Self.safeFileComponent(id))@\(Self.safeFileComponent(version)).json"
    }

    /// Keeps a copy of the questionnaire text unless one for that id and version exists.
    /// Returns a warning when the existing copy differs from `text`.
    @discardableResult
    public func keepQuestionnaireCopy(_ questionnaire: Questionnaire, text: String) throws -> String? {
        let path = questionnaireCopyPath(id: questionnaire.id, version: questionnaire.version)
        if fileSystem.fileExists(at: path) {
            let existing = try? fileSystem.readText(at: path, limit: FileLimits.document)
            if let existing, existing != text {
                return
                    "\(path) already holds a different text for \(questionnaire.id) \(questionnaire.version); it was kept. Give changed questionnaires a new version."
            }
            return nil
        }
        try fileSystem.createDirectory(at: "\(root)/\(Self.questionnairesFolder)")
        try fileSystem.writeAtomically(text, to: path, backup: false)
        return nil
    }

    /// The periods of `team` that have an assessment file, oldest first.
    public func periods(team: String) -> [Period] {
        let folder = "\(root)/\(Self.slug(for: team))"
        guard let names = try? fileSystem.contentsOfDirectory(at: folder) else { return [] }
        return names.compactMap { name -> Period? in
            guard name.hasSuffix(".json") else { return nil }
            return Period(String(name.dropLast(5)))
        }.sorted()
    }

    /// The previous assessment of `team`: the latest period before `period` in its folder.
    public func previousPeriod(team: String, before period: Period) -> Period? {
        periods(team: team).last { $0 < period }
    }

    /// A component safe for a file name: letters, digits, `.`, `_`, `-` kept, others as `_`.
    static func safeFileComponent(_ text: String) -> String {
        var result = ""
        for scalar in text.unicodeScalars {
            let allowed =
                (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
                || scalar == "." || scalar == "_" || scalar == "-"
            result.unicodeScalars.append(allowed ? scalar : "_")
        }
        while result.hasPrefix(".") { result = "_" + result.dropFirst() }
        return result.isEmpty ? "_" : result
    }

    /// The ASCII letters and digits a character contributes to a slug.
    static func fold(_ scalar: Unicode.Scalar) -> String {
        if scalar >= "a" && scalar <= "z" || scalar >= "0" && scalar <= "9" { return String(scalar) }
        if scalar >= "A" && scalar <= "Z" { return String(scalar).lowercased() }
        switch scalar {
        case "ß": return "ss"
        case "æ", "Æ": return "ae"
        case "ø", "Ø": return "o"
        case "œ", "Œ": return "oe"
        case "đ", "Đ", "ð", "Ð": return "d"
        case "ł", "Ł": return "l"
        case "þ", "Þ": return "th"
        default: break
        }
        // Letters with diacritics: keep the base letter of the canonical decomposition.
        let decomposed = String(scalar).decomposedScalars
        if decomposed.count > 1, let base = decomposed.first, base.isASCII {
            return fold(base)
        }
        return ""
    }

    /// A short stable hash (FNV-1a, 32 bits, hex) of `text`.
    static func stableHash(_ text: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in text.utf8 {
            hash ^= UInt32(byte)
            hash = hash &* 16_777_619
        }
        let hex = String(hash, radix: 16)
        return String(repeating: "0", count: 8 - hex.count) + hex
    }
}

extension String {
    /// The Unicode scalars of the canonical decomposition (NFD) of the text.
    var decomposedScalars: [Unicode.Scalar] {
        Array(decomposedStringWithCanonicalMapping.unicodeScalars)
    }
}
