/// A problem found while decoding a model from a JSON value: the JSON path and what was wrong.
public struct JSONValueDecodingError: Error, Sendable, Equatable {
    /// Where the problem is, e.g. `domains[2].questions[4].levels`.
    public var path: String
    /// What was expected and what was found.
    public var message: String

    /// A problem at `path`.
    public init(path: String, message: String) {
        self.path = path
        self.message = message
    }

    /// A problem at the position of `codingPath`.
    public init(codingPath: [any CodingKey], message: String) {
        self.init(path: JSONPath.string(codingPath), message: message)
    }

    /// The usual message: `expected <expected>, found <found value>`.
    static func mismatch(_ codingPath: [any CodingKey], expected: String, found: JSONValue) -> Self {
        Self(codingPath: codingPath, message: "expected \(expected), found \(found.kindDescription)")
    }
}

/// Decodes `Decodable` models from a ``JSONValue`` tree, reporting problems as
/// ``JSONValueDecodingError`` with the JSON path of the offending value.
public struct JSONValueDecoder {
    /// Creates a decoder.
    public init() {}

    /// Decodes a `T` from `value`.
    public func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        do {
            return try ValueDecoder(value: value, codingPath: []).decode(type)
        } catch let error as JSONValueDecodingError {
            throw error
        } catch let error as DecodingError {
            throw Self.translate(error)
        }
    }

    /// The ``JSONValueDecodingError`` equivalent of a standard `DecodingError`.
    static func translate(_ error: DecodingError) -> JSONValueDecodingError {
        switch error {
        case .keyNotFound(let key, let context):
            return JSONValueDecodingError(
                codingPath: context.codingPath + [key],
                message: "missing required member \"\(key.stringValue)\"")
        case .typeMismatch(let type, let context):
            return JSONValueDecodingError(
                codingPath: context.codingPath, message: "expected \(describe(type)): \(context.debugDescription)")
        case .valueNotFound(let type, let context):
            return JSONValueDecodingError(
                codingPath: context.codingPath, message: "expected \(describe(type)), found null")
        case .dataCorrupted(let context):
            return JSONValueDecodingError(codingPath: context.codingPath, message: context.debugDescription)
        @unknown default:
            return JSONValueDecodingError(path: "$", message: "\(error)")
        }
    }

    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "a string"
        case is Bool.Type: return "true or false"
        case is Int.Type, is Int64.Type, is Int32.Type: return "a whole number"
        case is Double.Type, is Float.Type: return "a number"
        default: return "a value of type \(type)"
        }
    }
}

/// The `Decoder` behind ``JSONValueDecoder``.
struct ValueDecoder: Decoder {
    let value: JSONValue
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let members) = value else {
            throw JSONValueDecodingError.mismatch(codingPath, expected: "an object", found: value)
        }
        return KeyedDecodingContainer(KeyedContainer<Key>(members: members, codingPath: codingPath))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else {
            throw JSONValueDecodingError.mismatch(codingPath, expected: "an array", found: value)
        }
        return UnkeyedContainer(elements: elements, codingPath: codingPath)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        SingleContainer(decoder: self)
    }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        if type == JSONValue.self, let value = value as? T { return value }
        if type == String.self {
            guard case .string(let text) = value, let result = text as? T else {
                throw JSONValueDecodingError.mismatch(codingPath, expected: "a string", found: value)
            }
            return result
        }
        if type == Int.self, let result = try decodeInt() as? T { return result }
        if type == Double.self {
            guard case .number(let number) = value, let result = number as? T else {
                throw JSONValueDecodingError.mismatch(codingPath, expected: "a number", found: value)
            }
            return result
        }
        if type == Bool.self {
            guard case .bool(let flag) = value, let result = flag as? T else {
                throw JSONValueDecodingError.mismatch(codingPath, expected: "true or false", found: value)
            }
            return result
        }
        if let dictionary = type as? any JSONMembersDecodable.Type, case .object(let members) = value {
            // Straight from the members; on any problem, the standard decoding below runs
            // again so that the error is exactly the one it reports.
            if let result = try? dictionary.init(members: members, codingPath: codingPath) as? T { return result }
        }
        return try T(from: self)
    }

    func decodeInt() throws -> Int {
        guard case .number(let number) = value else {
            throw JSONValueDecodingError.mismatch(codingPath, expected: "a whole number", found: value)
        }
        guard number == number.rounded(), abs(number) <= 9_007_199_254_740_992 else {
            throw JSONValueDecodingError.mismatch(codingPath, expected: "a whole number", found: value)
        }
        return Int(number)
    }
}

/// A dictionary keyed by strings, decoded straight from an object's members: the standard
/// `Dictionary` decoding sorts the keys and goes through a keyed container for every value.
protocol JSONMembersDecodable {
    init(members: JSONObject, codingPath: [any CodingKey]) throws
}

extension Dictionary: JSONMembersDecodable where Key == String, Value: Decodable {
    init(members: JSONObject, codingPath: [any CodingKey]) throws {
        self.init(minimumCapacity: members.count)
        for (key, member) in members {
            if member.isNull && Value.self != JSONValue.self {
                throw JSONValueDecodingError(codingPath: codingPath, message: "null")
            }
            let value = try ValueDecoder(value: member, codingPath: codingPath + [AnyCodingKey(key)]).decode(Value.self)
            // Two names equal as Swift compares them (Unicode normalisation): the Codable path
            // refuses the pair with both spellings named.
            guard updateValue(value, forKey: key) == nil else {
                throw JSONValueDecodingError(codingPath: codingPath, message: "names differ only in normalisation")
            }
        }
    }
}

private struct KeyedContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let members: JSONObject
    let codingPath: [any CodingKey]
    /// Names that differ from another name of the object only in Unicode normalisation.
    let lookalikes: [String: [String]]

    init(members: JSONObject, codingPath: [any CodingKey]) {
        self.members = members
        self.codingPath = codingPath
        self.lookalikes = members.lookalikeNames()
    }

    /// Refuses to read a member whose name another name equals as Swift compares strings: the
    /// model keys what it reads by `String` (ids, levels, participants), so of the two one would
    /// silently replace the other. Members the model does not read are kept, both of them.
    func checkDistinct(_ key: Key) throws {
        let name = key.stringValue
        guard let group = lookalikes[name],
            let other = group.first(where: { !$0.unicodeScalars.elementsEqual(name.unicodeScalars) })
        else { return }
        func scalars(_ text: String) -> String {
            text.unicodeScalars.prefix(8).map { "U+" + String($0.value, radix: 16, uppercase: true) }
                .joined(separator: " ")
        }
        throw JSONValueDecodingError(
            codingPath: codingPath + [key],
            message:
                "the member names \(JSONWriter.quoted(name)) (\(scalars(name))) and "
                + "\(JSONWriter.quoted(other)) (\(scalars(other))) differ only in Unicode normalisation: JSON counts "
                + "them as two names, but opmodel reads both as the same name here, so one would be lost; keep one")
    }

    var allKeys: [Key] {
        JSONWriter.sortedKeys(members).compactMap { Key(stringValue: $0) }
    }

    func contains(_ key: Key) -> Bool {
        members[key.stringValue] != nil
    }

    func member(_ key: Key) throws -> JSONValue {
        try checkDistinct(key)
        guard let value = members[key.stringValue] else {
            throw JSONValueDecodingError(
                codingPath: codingPath + [key], message: "missing required member \"\(key.stringValue)\"")
        }
        return value
    }

    func decodeNil(forKey key: Key) throws -> Bool {
        guard let value = members[key.stringValue] else { return true }
        return value.isNull
    }

    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        let value = try member(key)
        if value.isNull, type != JSONValue.self {
            throw JSONValueDecodingError(
                codingPath: codingPath + [key], message: "expected \(JSONValueDecoder.describe(type)), found null")
        }
        return try ValueDecoder(value: value, codingPath: codingPath + [key]).decode(type)
    }

    func decodeIfPresent<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T? {
        try checkDistinct(key)
        guard let value = members[key.stringValue], !value.isNull else { return nil }
        return try ValueDecoder(value: value, codingPath: codingPath + [key]).decode(type)
    }

    // The protocol's concrete overloads all route through the generic implementation above.
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try required(type, key) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try required(type, key) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try required(type, key) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try required(Double.self, key)) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try required(type, key) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try narrow(key) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try narrow(key) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try narrow(key) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try narrow(key) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try narrow(key) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try narrow(key) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try narrow(key) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try narrow(key) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try narrow(key) }

    private func required<T: Decodable>(_ type: T.Type, _ key: Key) throws -> T {
        try decode(type, forKey: key)
    }

    private func narrow<T: FixedWidthInteger>(_ key: Key) throws -> T {
        let wide = try required(Int.self, key)
        guard let value = T(exactly: wide) else {
            throw JSONValueDecodingError(
                codingPath: codingPath + [key], message: "the number \(wide) is out of range for \(T.self)")
        }
        return value
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type, forKey key: Key
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try ValueDecoder(value: try member(key), codingPath: codingPath + [key]).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try ValueDecoder(value: try member(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        ValueDecoder(value: .object(members), codingPath: codingPath)
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        ValueDecoder(value: members[key.stringValue] ?? .null, codingPath: codingPath + [key])
    }
}

private struct UnkeyedContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    var currentIndex = 0

    init(elements: [JSONValue], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    mutating func next() throws -> ValueDecoder {
        guard !isAtEnd else {
            throw JSONValueDecodingError(
                codingPath: codingPath, message: "expected more than \(elements.count) elements in the array")
        }
        let decoder = ValueDecoder(
            value: elements[currentIndex], codingPath: codingPath + [IndexCodingKey(currentIndex)])
        currentIndex += 1
        return decoder
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd, elements[currentIndex].isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let decoder = try next()
        if decoder.value.isNull, type != JSONValue.self {
            throw JSONValueDecodingError(
                codingPath: decoder.codingPath, message: "expected \(JSONValueDecoder.describe(type)), found null")
        }
        return try decoder.decode(type)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy type: NestedKey.Type
    ) throws -> KeyedDecodingContainer<NestedKey> {
        try next().container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next().unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        try next()
    }
}

private struct SingleContainer: SingleValueDecodingContainer {
    let decoder: ValueDecoder
    var codingPath: [any CodingKey] { decoder.codingPath }

    func decodeNil() -> Bool { decoder.value.isNull }

    func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try decoder.decode(type)
    }
}

extension JSONValue: Codable {
    /// Decodes any JSON value.
    public init(from decoder: any Decoder) throws {
        if let decoder = decoder as? ValueDecoder {
            self = decoder.value
            return
        }
        if var array = try? decoder.unkeyedContainer() {
            var elements: [JSONValue] = []
            while !array.isAtEnd { elements.append(try array.decode(JSONValue.self)) }
            self = .array(elements)
        } else if let object = try? decoder.container(keyedBy: AnyCodingKey.self) {
            var members = JSONObject()
            for key in object.allKeys { members[key.stringValue] = try object.decode(JSONValue.self, forKey: key) }
            self = .object(members)
        } else {
            let single = try decoder.singleValueContainer()
            if single.decodeNil() {
                self = .null
            } else if let flag = try? single.decode(Bool.self) {
                self = .bool(flag)
            } else if let number = try? single.decode(Double.self) {
                self = .number(number)
            } else {
                self = .string(try single.decode(String.self))
            }
        }
    }

    /// Encodes the value as is.
    public func encode(to encoder: any Encoder) throws {
        if let encoder = encoder as? ValueEncoder {
            encoder.node.content = .value(self)
            return
        }
        switch self {
        case .null:
            var single = encoder.singleValueContainer()
            try single.encodeNil()
        case .bool(let flag):
            var single = encoder.singleValueContainer()
            try single.encode(flag)
        case .number(let number):
            var single = encoder.singleValueContainer()
            try single.encode(number)
        case .string(let text):
            var single = encoder.singleValueContainer()
            try single.encode(text)
        case .array(let elements):
            var array = encoder.unkeyedContainer()
            for element in elements { try array.encode(element) }
        case .object(let members):
            var object = encoder.container(keyedBy: AnyCodingKey.self)
            for (key, member) in members { try object.encode(member, forKey: AnyCodingKey(key)) }
        }
    }
}
