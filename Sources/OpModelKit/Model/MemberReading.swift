/// Members read straight from a JSON object, for the decoders of the models read by the
/// thousand (answers, questions): each reader gives `nil` when the member has a type the
/// `Codable` path would refuse, so that the caller falls back to that path and its error, and
/// `.some(nil)` when the member is absent or `null`, as `decodeIfPresent` does.
enum MemberReading {
    static func string(_ members: JSONObject, _ key: some CodingKey) -> String?? {
        switch members[key.stringValue] {
        case nil, .null?: return .some(nil)
        case .string(let text)?: return text
        default: return nil
        }
    }

    /// A whole number, as ``ValueDecoder`` reads an `Int`.
    static func int(_ members: JSONObject, _ key: some CodingKey) -> Int?? {
        switch members[key.stringValue] {
        case nil, .null?: return .some(nil)
        case let value?:
            guard let number = whole(value) else { return nil }
            return number
        }
    }

    static func double(_ members: JSONObject, _ key: some CodingKey) -> Double?? {
        switch members[key.stringValue] {
        case nil, .null?: return .some(nil)
        case .number(let number)?: return number
        default: return nil
        }
    }

    static func bool(_ members: JSONObject, _ key: some CodingKey) -> Bool?? {
        switch members[key.stringValue] {
        case nil, .null?: return .some(nil)
        case .bool(let flag)?: return flag
        default: return nil
        }
    }

    static func strings(_ members: JSONObject, _ key: some CodingKey) -> [String]?? {
        switch members[key.stringValue] {
        case nil, .null?: return .some(nil)
        case .array(let elements)?:
            var strings: [String] = []
            strings.reserveCapacity(elements.count)
            for element in elements {
                guard case .string(let text) = element else { return nil }
                strings.append(text)
            }
            return strings
        default: return nil
        }
    }

    static func texts(_ members: JSONObject, _ key: some CodingKey) -> [String: String]?? {
        switch members[key.stringValue] {
        case nil, .null?: return .some(nil)
        case .object(let entries)?:
            var texts: [String: String] = [:]
            texts.reserveCapacity(entries.count)
            for (name, value) in entries {
                // Two names equal as Swift compares them (Unicode normalisation): the Codable
                // path refuses the pair with both spellings named.
                guard case .string(let text) = value, texts.updateValue(text, forKey: name) == nil else {
                    return nil
                }
            }
            return texts
        default: return nil
        }
    }

    static func wholes(_ members: JSONObject, _ key: some CodingKey) -> [String: Int]?? {
        switch members[key.stringValue] {
        case nil, .null?: return .some(nil)
        case .object(let entries)?:
            var wholes: [String: Int] = [:]
            wholes.reserveCapacity(entries.count)
            for (name, value) in entries {
                guard let number = whole(value), wholes.updateValue(number, forKey: name) == nil else {
                    return nil
                }
            }
            return wholes
        default: return nil
        }
    }

    /// A map of lists of strings (`{"1": ["…", "…"]}`), as the `Codable` path reads `[String: [String]]`.
    static func textLists(_ members: JSONObject, _ key: some CodingKey) -> [String: [String]]?? {
        switch members[key.stringValue] {
        case nil, .null?: return .some(nil)
        case .object(let entries)?:
            var lists: [String: [String]] = [:]
            lists.reserveCapacity(entries.count)
            for (name, value) in entries {
                guard case .array(let elements) = value else { return nil }
                var strings: [String] = []
                for element in elements {
                    guard case .string(let text) = element else { return nil }
                    strings.append(text)
                }
                guard lists.updateValue(strings, forKey: name) == nil else { return nil }
            }
            return lists
        default: return nil
        }
    }

    /// Whether the fast path of a model reads every member of `members` that `Keys` names: a
    /// member added to the model but not to its fast path makes the caller fall back to the
    /// `Codable` path instead of losing the member.
    static func handles<Keys: CodingKey>(_ members: JSONObject, _ keys: Keys.Type, reading handled: Set<String>) -> Bool
    {
        members.keys.allSatisfy { Keys(stringValue: $0) == nil || handled.contains($0) }
    }

    /// The members `Keys` does not name, as ``Decoder/unknownMembers(besides:)`` keeps them.
    static func unknown<Keys: CodingKey>(_ members: JSONObject, besides keys: Keys.Type) -> JSONObject {
        guard members.keys.contains(where: { Keys(stringValue: $0) == nil }) else { return [:] }
        return members.filter { Keys(stringValue: $0.key) == nil }
    }

    static func whole(_ value: JSONValue) -> Int? {
        guard case .number(let number) = value, number == number.rounded(), abs(number) <= 9_007_199_254_740_992
        else { return nil }
        return Int(number)
    }
}
