/// A JSON document held in memory: the common currency of the loaders, the report context and
/// the template engine.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)
}

/// A JSON object's members, keyed by name.
///
/// Names are compared by their Unicode scalars, as JSON defines them (RFC 8259 §8.3): `"é"`
/// (U+00E9) and `"e\u0301"` are two names. A Swift `[String: JSONValue]` would see one, because
/// `String` compares by canonical equivalence, and would silently keep only the last value; so
/// the parser would call them duplicates, and a newer tool's members could be lost on a round
/// trip. Here both are kept, looked up, written back and compared exactly. Where the program
/// reads such names as ids (answers by question id, targets by domain id), the decoder refuses
/// the pair with a clear message instead of merging it (see ``lookalikeNames()``).
///
/// It reads like a dictionary: subscripts by name, `keys`, `values`, `count`, `mapValues`,
/// `filter`, and iteration over `(key, value)` pairs in no particular order.
public struct JSONObject: Sendable, Hashable, Sequence, ExpressibleByDictionaryLiteral {
    /// A member name compared and hashed by its UTF-8 bytes, that is by its Unicode scalars.
    struct Name: Hashable, Sendable {
        let text: String

        init(_ text: String) { self.text = text }

        static func == (lhs: Self, rhs: Self) -> Bool {
            var left = lhs.text
            var right = rhs.text
            return left.withUTF8 { left in right.withUTF8 { right in left.elementsEqual(right) } }
        }

        func hash(into hasher: inout Hasher) {
            var text = text
            text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        }
    }

    private var storage: [Name: JSONValue]

    /// An object without members.
    public init() { storage = [:] }

    /// An object with `elements` as members; a repeated name keeps the last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        storage = [:]
        for (name, value) in elements { storage[Name(name)] = value }
    }

    /// The members of a Swift dictionary (whose names are distinct as Swift compares them).
    public init(_ members: [String: JSONValue]) {
        storage = [:]
        for (name, value) in members { storage[Name(name)] = value }
    }

    /// The value of the member named exactly `name` (scalar by scalar); setting `nil` removes it.
    public subscript(name: String) -> JSONValue? {
        get { storage[Name(name)] }
        set { storage[Name(name)] = newValue }
    }

    /// The value of the member named `name`, or `defaultValue` when there is none.
    public subscript(name: String, default defaultValue: @autoclosure () -> JSONValue) -> JSONValue {
        get { storage[Name(name)] ?? defaultValue() }
        set { storage[Name(name)] = newValue }
    }

    /// The member names, in no particular order.
    public var keys: [String] { storage.keys.map(\.text) }

    /// The member values, in no particular order.
    public var values: [JSONValue] { Array(storage.values) }

    /// The number of members.
    public var count: Int { storage.count }

    /// Whether the object has no members.
    public var isEmpty: Bool { storage.isEmpty }

    /// Sets the member `name` and returns its previous value, if any.
    @discardableResult
    public mutating func updateValue(_ value: JSONValue, forKey name: String) -> JSONValue? {
        storage.updateValue(value, forKey: Name(name))
    }

    /// Removes the member `name` and returns its value, if any.
    @discardableResult
    public mutating func removeValue(forKey name: String) -> JSONValue? {
        storage.removeValue(forKey: Name(name))
    }

    /// The same names with each value transformed.
    public func mapValues(_ transform: (JSONValue) throws -> JSONValue) rethrows -> JSONObject {
        var result = JSONObject()
        result.storage = try storage.mapValues(transform)
        return result
    }

    /// The members for which `isIncluded` holds.
    public func filter(_ isIncluded: ((key: String, value: JSONValue)) throws -> Bool) rethrows -> JSONObject {
        var result = JSONObject()
        for (name, value) in storage where try isIncluded((name.text, value)) { result.storage[name] = value }
        return result
    }

    /// The `(key, value)` pairs, in no particular order.
    public func makeIterator() -> some IteratorProtocol<(key: String, value: JSONValue)> {
        storage.lazy.map { (key: $0.key.text, value: $0.value) }.makeIterator()
    }

    /// The names of this object that equal another of its names as Swift compares strings
    /// (canonical equivalence) though their scalars differ, in groups of two or more sorted by
    /// their bytes. A group is keyed by a Swift `String`, so any of its spellings finds it.
    /// Empty, after one pass over the bytes, when every name is ASCII.
    public func lookalikeNames() -> [String: [String]] {
        guard storage.keys.contains(where: { $0.text.utf8.contains { $0 >= 0x80 } }) else { return [:] }
        var groups: [String: [String]] = [:]
        for name in JSONWriter.sortedKeys(self) { groups[name, default: []].append(name) }
        return groups.filter { $0.value.count > 1 }
    }
}

extension JSONValue {
    /// The string, if this value is one.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The number, if this value is one.
    public var numberValue: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    /// The Boolean, if this value is one.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The elements, if this value is an array.
    public var arrayValue: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The members, if this value is an object.
    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// Whether this value is `null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The member named `key`, if this value is an object that has one.
    public subscript(key: String) -> JSONValue? {
        if case .object(let members) = self { return members[key] }
        return nil
    }

    /// A short description of the value's kind and content for error messages, such as
    /// `the string "three"` or `an array of 2 elements`.
    public var kindDescription: String {
        switch self {
        case .null: return "null"
        case .bool(let value): return value ? "true" : "false"
        case .number(let value): return "the number \(JSONWriter.format(number: value))"
        case .string(let value):
            let shown = value.count > 40 ? String(value.prefix(40)) + "…" : value
            return "the string \(JSONWriter.quoted(shown))"
        case .array(let elements): return "an array of \(elements.count) element\(elements.count == 1 ? "" : "s")"
        case .object: return "an object"
        }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    /// A JSON string.
    public init(stringLiteral value: String) { self = .string(value) }
    /// A JSON number.
    public init(integerLiteral value: Int) { self = .number(Double(value)) }
    /// A JSON number.
    public init(floatLiteral value: Double) { self = .number(value) }
    /// A JSON Boolean.
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    /// A JSON array.
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    /// JSON `null`.
    public init(nilLiteral: ()) { self = .null }
    /// A JSON object; a repeated key keeps the last value.
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        var members = JSONObject()
        for (key, value) in elements { members[key] = value }
        self = .object(members)
    }
}
