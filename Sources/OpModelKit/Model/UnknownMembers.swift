/// Helpers that keep the members a model does not know, so that a file written by a newer tool
/// survives a round trip through this one (DESIGN §5).
extension Decoder {
    /// The members of the current object that `keys` does not name (a key is named when
    /// `Keys(stringValue:)` knows it, as it does for every case's own `stringValue`).
    func unknownMembers<Keys: CodingKey & CaseIterable>(besides keys: Keys.Type) throws -> JSONObject {
        let value: JSONValue
        if let decoder = self as? ValueDecoder {
            value = decoder.value
        } else {
            value = try singleValueContainer().decode(JSONValue.self)
        }
        guard case .object(let members) = value else { return [:] }
        // Most objects hold known members only: look before copying anything.
        guard members.keys.contains(where: { Keys(stringValue: $0) == nil }) else { return [:] }
        return members.filter { Keys(stringValue: $0.key) == nil }
    }
}

extension Encoder {
    /// Writes members kept by ``Decoder/unknownMembers(besides:)`` back beside the known ones.
    func encodeUnknownMembers(_ members: JSONObject) throws {
        guard !members.isEmpty else { return }
        var container = self.container(keyedBy: AnyCodingKey.self)
        for (key, value) in members {
            try container.encode(value, forKey: AnyCodingKey(key))
        }
    }
}

/// A string-backed enumeration read strictly from JSON: an unknown spelling is an error that
/// lists the accepted ones.
public protocol JSONEnumeration: RawRepresentable, CaseIterable, Codable, Sendable where RawValue == String {}

extension JSONEnumeration {
    /// Decodes one of the accepted spellings.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard let value = Self(rawValue: raw) else {
            let accepted = Self.allCases.map { "\"\($0.rawValue)\"" }.joined(separator: ", ")
            throw JSONValueDecodingError(
                codingPath: decoder.codingPath, message: "expected one of \(accepted), found \(JSONWriter.quoted(raw))")
        }
        self = value
    }

    /// Encodes the spelling.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
