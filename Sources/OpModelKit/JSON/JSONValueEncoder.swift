/// Encodes `Encodable` models into a ``JSONValue`` tree. `nil` optionals are left out.
public struct JSONValueEncoder {
    /// Creates an encoder.
    public init() {}

    /// The JSON value of `value`.
    public func encode<T: Encodable>(_ value: T) throws -> JSONValue {
        let node = EncodingNode()
        try value.encode(to: ValueEncoder(node: node, codingPath: []))
        return node.materialize()
    }
}

/// A value under construction; containers fill it in place.
final class EncodingNode {
    enum Content {
        case empty
        case value(JSONValue)
        /// Members by exact name, as ``JSONObject`` keeps them.
        case object([JSONObject.Name: EncodingNode])
        case array([EncodingNode])
    }

    var content: Content = .empty

    func materialize() -> JSONValue {
        switch content {
        case .empty: return .object([:])
        case .value(let value): return value
        case .object(let members):
            var object = JSONObject()
            for (name, member) in members { object[name.text] = member.materialize() }
            return .object(object)
        case .array(let elements): return .array(elements.map { $0.materialize() })
        }
    }
}

/// The `Encoder` behind ``JSONValueEncoder``.
struct ValueEncoder: Encoder {
    let node: EncodingNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        if case .object = node.content {
        } else {
            node.content = .object([:])
        }
        return KeyedEncodingContainer(KeyedEncoder<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        if case .array = node.content {
        } else {
            node.content = .array([])
        }
        return UnkeyedEncoder(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        SingleEncoder(node: node, codingPath: codingPath)
    }

    /// Encodes `value` into `node`, taking the fast path for the JSON primitives.
    static func encode<T: Encodable>(_ value: T, into node: EncodingNode, codingPath: [any CodingKey]) throws {
        switch value {
        case let text as String: node.content = .value(.string(text))
        case let flag as Bool: node.content = .value(.bool(flag))
        case let number as Int: node.content = .value(.number(Double(number)))
        case let number as Double: node.content = .value(.number(number))
        case let json as JSONValue: node.content = .value(json)
        // The collections models hold most, straight to the value their members would make.
        case let strings as [String]: node.content = .value(.array(strings.map(JSONValue.string)))
        case let numbers as [String: Int]:
            node.content = .value(.object(JSONObject(numbers.mapValues { .number(Double($0)) })))
        case let texts as [String: String]:
            node.content = .value(.object(JSONObject(texts.mapValues(JSONValue.string))))
        default: try value.encode(to: ValueEncoder(node: node, codingPath: codingPath))
        }
    }
}

private struct KeyedEncoder<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    func child(_ key: Key) -> EncodingNode {
        let child = EncodingNode()
        if case .object(var members) = node.content {
            // Empty the node first so that `members` is the only reference and grows in place:
            // otherwise every member added copied all the others (quadratic in an object's size).
            node.content = .empty
            members[JSONObject.Name(key.stringValue)] = child
            node.content = .object(members)
        }
        return child
    }

    mutating func encodeNil(forKey key: Key) throws {
        child(key).content = .value(.null)
    }

    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try ValueEncoder.encode(value, into: child(key), codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        ValueEncoder(node: child(key), codingPath: codingPath + [key]).container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        ValueEncoder(node: child(key), codingPath: codingPath + [key]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        ValueEncoder(node: node, codingPath: codingPath)
    }

    mutating func superEncoder(forKey key: Key) -> any Encoder {
        ValueEncoder(node: child(key), codingPath: codingPath + [key])
    }
}

private struct UnkeyedEncoder: UnkeyedEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    var count: Int {
        if case .array(let elements) = node.content { return elements.count }
        return 0
    }

    func append() -> EncodingNode {
        let child = EncodingNode()
        if case .array(var elements) = node.content {
            // As for objects: append in place, not to a copy.
            node.content = .empty
            elements.append(child)
            node.content = .array(elements)
        }
        return child
    }

    mutating func encodeNil() throws {
        append().content = .value(.null)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        let index = count
        try ValueEncoder.encode(value, into: append(), codingPath: codingPath + [IndexCodingKey(index)])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type
    ) -> KeyedEncodingContainer<NestedKey> {
        let index = count
        return ValueEncoder(node: append(), codingPath: codingPath + [IndexCodingKey(index)])
            .container(keyedBy: keyType)
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let index = count
        return ValueEncoder(node: append(), codingPath: codingPath + [IndexCodingKey(index)]).unkeyedContainer()
    }

    mutating func superEncoder() -> any Encoder {
        let index = count
        return ValueEncoder(node: append(), codingPath: codingPath + [IndexCodingKey(index)])
    }
}

private struct SingleEncoder: SingleValueEncodingContainer {
    let node: EncodingNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws {
        node.content = .value(.null)
    }

    mutating func encode<T: Encodable>(_ value: T) throws {
        try ValueEncoder.encode(value, into: node, codingPath: codingPath)
    }
}
