/// A calendar quarter such as `2026-Q4`, the unit of assessments and roadmaps.
public struct Period: Hashable, Comparable, Sendable, CustomStringConvertible, Codable {
    /// The year, 1000–9999.
    public let year: Int
    /// The quarter, 1–4.
    public let quarter: Int

    /// The quarter `quarter` of `year`, if both are in range.
    public init?(year: Int, quarter: Int) {
        guard (1000...9999).contains(year), (1...4).contains(quarter) else { return nil }
        self.year = year
        self.quarter = quarter
    }

    private init(checkedYear year: Int, quarter: Int) {
        self.year = year
        self.quarter = quarter
    }

    /// The earliest period supported, `1000-Q1`.
    public static let earliest = Period(checkedYear: 1000, quarter: 1)

    /// The latest period supported, `9999-Q4`: no roadmap runs past it.
    public static let latest = Period(checkedYear: 9999, quarter: 4)

    /// The quarter of a date given in the proleptic Gregorian calendar, clamped to the supported range.
    public static func containing(year: Int, month: Int) -> Period {
        if year > 9999 { return latest }
        return Period(year: year, month: min(max(month, 1), 12)) ?? earliest
    }

    /// Parses `YYYY-Qn` (the `Q` in either case, surrounding spaces ignored).
    public init?(_ text: String) {
        let trimmed = text.trimmingSpaces
        let parts = trimmed.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, let year = Int(parts[0]),
            parts[1].count == 2, parts[1].first == "Q" || parts[1].first == "q",
            let quarter = Int(parts[1].dropFirst())
        else { return nil }
        self.init(year: year, quarter: quarter)
    }

    /// The quarter that contains a day of the Gregorian calendar.
    public init?(year: Int, month: Int) {
        guard (1...12).contains(month) else { return nil }
        self.init(year: year, quarter: (month - 1) / 3 + 1)
    }

    /// `YYYY-Qn`.
    public var description: String { "\(year)-Q\(quarter)" }

    /// Quarters since year 0, for arithmetic.
    var ordinal: Int { year * 4 + (quarter - 1) }

    /// The period `count` quarters later (earlier when negative), if it stays in range.
    public func advanced(by count: Int) -> Period? {
        let target = ordinal + count
        return Period(year: target / 4, quarter: target % 4 + 1)
    }

    /// The next quarter (the same period at the end of the supported range).
    public var next: Period { advanced(by: 1) ?? self }

    /// Quarters from `self` to `other` (negative when `other` is earlier).
    public func quarters(to other: Period) -> Int { other.ordinal - ordinal }

    /// The first day of the quarter as `YYYY-MM-DD`.
    public var firstDay: String {
        let month = (quarter - 1) * 3 + 1
        return "\(year)-" + (month < 10 ? "0\(month)" : "\(month)") + "-01"
    }

    /// Earlier quarters sort first.
    public static func < (lhs: Period, rhs: Period) -> Bool { lhs.ordinal < rhs.ordinal }

    /// Decodes `YYYY-Qn`.
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let period = Period(text) else {
            throw JSONValueDecodingError(
                codingPath: decoder.codingPath,
                message: "expected a period such as \"2026-Q4\", found \(JSONWriter.quoted(text))")
        }
        self = period
    }

    /// Encodes `YYYY-Qn`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs and line breaks.
    public var trimmingSpaces: String {
        // Text that starts and ends with a visible ASCII character (most of it) has nothing to
        // trim, which its first and last bytes tell without looking up scalar properties.
        let text = Substring(self)
        if let first = text.utf8.first, let last = text.utf8.last, Self.isVisibleASCII(first),
            Self.isVisibleASCII(last)
        {
            return String(text)
        }
        var scalars = text.unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        // A copy of the remaining bytes, not a rebuild scalar by scalar.
        return String(Substring(scalars))
    }

    /// An ASCII byte that is not white space (U+0009–U+000D and U+0020 are).
    private static func isVisibleASCII(_ byte: UInt8) -> Bool {
        byte < 0x80 && byte != 0x20 && !(0x09...0x0D).contains(byte)
    }
}
