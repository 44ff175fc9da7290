import Foundation
import OpModelKit

/// One way a value fails a schema: where, which keyword, and what was expected.
struct SchemaViolation: Equatable, CustomStringConvertible {
    /// The JSON path of the value, in the project's notation (`domains[0].questions[1].kind`).
    var path: String
    /// The keyword that failed, such as `type` or `required`.
    var keyword: String
    /// What was expected and what was found.
    var message: String

    var description: String { "\(path): \(message) [\(keyword)]" }
}

/// A schema that uses something this validator does not implement, or a broken `$ref` or pattern.
struct SchemaSubsetError: Error, CustomStringConvertible {
    var problems: [String]
    var description: String { problems.joined(separator: "\n") }
}

/// The subset of JSON Schema 2020-12 that `Questionnaires/schema/` uses, evaluated over
/// ``JSONValue``: `type`, `properties`, `required`, `additionalProperties`, `propertyNames`,
/// `items`, `minItems`, `enum`, `const`, `pattern`, `minimum`, `maximum`, `anyOf`, `oneOf` and
/// `$ref` to a JSON pointer within the same document. A schema using any other assertion keyword
/// is refused when the validator is made, so a test never passes because a keyword was ignored.
struct SchemaSubsetValidator {
    static let assertionKeywords: Set<String> = [
        "$ref", "type", "properties", "required", "additionalProperties", "propertyNames", "items", "minItems",
        "enum", "const", "pattern", "minimum", "maximum", "anyOf", "oneOf",
    ]
    static let annotationKeywords: Set<String> = ["$schema", "$id", "$defs", "$comment", "title", "description"]
    static let typeNames: Set<String> = ["null", "boolean", "object", "array", "number", "integer", "string"]

    let schema: JSONValue

    /// `pattern` as ICU reads it with ECMA-262's meaning: a final `$` matches only at the end
    /// of the text (ICU's `$` also matches before a final line terminator, so "CO-03\n" or a URL
    /// ending in U+0085 would pass), so it becomes `\z`.
    static func icuPattern(_ pattern: String) -> String {
        guard pattern.hasSuffix("$") else { return pattern }
        let backslashes = pattern.dropLast().reversed().prefix { $0 == "\\" }.count
        return backslashes % 2 == 0 ? pattern.dropLast() + "\\z" : pattern
    }
    private let patterns: [String: NSRegularExpression]

    /// A validator for `schema`; throws if the schema strays outside the subset.
    init(schema: JSONValue) throws {
        self.schema = schema
        var problems: [String] = []
        var patterns: [String: NSRegularExpression] = [:]
        Self.check(schema, at: "#", root: schema, patterns: &patterns, problems: &problems)
        if !problems.isEmpty { throw SchemaSubsetError(problems: problems) }
        self.patterns = patterns
    }

    /// Every violation of `value`, in document order.
    func violations(of value: JSONValue) -> [SchemaViolation] {
        evaluate(value, against: schema, path: "$")
    }

    /// Every violation of `value` against a sub-schema of this validator's schema (its `$ref`s
    /// resolve in the whole schema).
    func violations(of value: JSONValue, against subschema: JSONValue) -> [SchemaViolation] {
        evaluate(value, against: subschema, path: "$")
    }

    /// Member names in the order the project's writer uses: by their UTF-8 bytes.
    static func sortedKeys(_ object: JSONObject) -> [String] {
        object.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    /// The sub-schema a `#/…` JSON pointer names.
    static func resolve(_ reference: String, in root: JSONValue) -> JSONValue? {
        if reference == "#" { return root }
        guard reference.hasPrefix("#/") else { return nil }
        var node = root
        for token in reference.dropFirst(2).split(separator: "/", omittingEmptySubsequences: false) {
            let name = token.replacingOccurrences(of: "~1", with: "/").replacingOccurrences(of: "~0", with: "~")
            if let members = node.objectValue, let next = members[name] {
                node = next
            } else if let elements = node.arrayValue, let index = Int(name), elements.indices.contains(index) {
                node = elements[index]
            } else {
                return nil
            }
        }
        return node
    }

    /// Whether `value` has the JSON Schema type `name` (an integer is a number without a fraction).
    static func has(type name: String, _ value: JSONValue) -> Bool {
        switch (name, value) {
        case ("null", .null), ("boolean", .bool), ("object", .object), ("array", .array), ("string", .string),
            ("number", .number):
            return true
        case ("integer", .number(let number)):
            return number.isFinite && number == number.rounded()
        default:
            return false
        }
    }

    // MARK: - Checking the schema

    private static func check(
        _ schema: JSONValue, at location: String, root: JSONValue, patterns: inout [String: NSRegularExpression],
        problems: inout [String]
    ) {
        if case .bool = schema { return }
        guard let members = schema.objectValue else {
            problems.append("\(location): a schema must be an object or a boolean")
            return
        }
        for key in members.keys.sorted()
        where !assertionKeywords.contains(key) && !annotationKeywords.contains(key) {
            problems.append("\(location): the keyword \"\(key)\" is not supported by SchemaSubsetValidator")
        }
        func sub(_ value: JSONValue, _ suffix: String) {
            check(value, at: location + "/" + suffix, root: root, patterns: &patterns, problems: &problems)
        }
        if let reference = members["$ref"], reference.stringValue.flatMap({ resolve($0, in: root) }) == nil {
            problems.append("\(location): $ref \(reference.kindDescription) does not resolve in this document")
        }
        if let type = members["type"] {
            let names = type.arrayValue?.compactMap(\.stringValue) ?? type.stringValue.map { [$0] } ?? []
            if names.isEmpty || !names.allSatisfy(typeNames.contains) {
                problems.append("\(location): unknown type \(JSONWriter.compactText(type))")
            }
        }
        if let pattern = members["pattern"] {
            if let text = pattern.stringValue, let regex = try? NSRegularExpression(pattern: Self.icuPattern(text)) {
                patterns[text] = regex
            } else {
                problems.append("\(location): the pattern \(pattern.kindDescription) does not compile")
            }
        }
        for (key, value) in (members["$defs"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            sub(value, "$defs/\(key)")
        }
        for (key, value) in (members["properties"]?.objectValue ?? [:]).sorted(by: { $0.key < $1.key }) {
            sub(value, "properties/\(key)")
        }
        for key in ["items", "additionalProperties", "propertyNames"] {
            if let value = members[key] { sub(value, key) }
        }
        for key in ["anyOf", "oneOf"] {
            guard let value = members[key] else { continue }
            guard let branches = value.arrayValue, !branches.isEmpty else {
                problems.append("\(location): \(key) must be a non-empty array")
                continue
            }
            for (index, branch) in branches.enumerated() { sub(branch, "\(key)/\(index)") }
        }
    }

    // MARK: - Evaluating a value

    private func evaluate(_ value: JSONValue, against schema: JSONValue, path: String) -> [SchemaViolation] {
        if case .bool(let allowed) = schema {
            return allowed ? [] : [SchemaViolation(path: path, keyword: "false", message: "no value is allowed here")]
        }
        guard let members = schema.objectValue else { return [] }
        var found: [SchemaViolation] = []
        func fail(_ keyword: String, _ message: String, at location: String? = nil) {
            found.append(SchemaViolation(path: location ?? path, keyword: keyword, message: message))
        }

        if let reference = members["$ref"]?.stringValue, let target = Self.resolve(reference, in: self.schema) {
            found += evaluate(value, against: target, path: path)
        }
        if let type = members["type"] {
            let names = type.arrayValue?.compactMap(\.stringValue) ?? type.stringValue.map { [$0] } ?? []
            if !names.contains(where: { Self.has(type: $0, value) }) {
                fail("type", "expected \(names.joined(separator: " or ")), found \(value.kindDescription)")
            }
        }
        if let constant = members["const"], constant != value {
            fail("const", "expected \(JSONWriter.compactText(constant)), found \(value.kindDescription)")
        }
        if let options = members["enum"]?.arrayValue, !options.contains(value) {
            let accepted = options.map(JSONWriter.compactText).joined(separator: ", ")
            fail("enum", "expected one of \(accepted), found \(value.kindDescription)")
        }
        switch value {
        case .string(let text):
            if let pattern = members["pattern"]?.stringValue, let regex = patterns[pattern] {
                let range = NSRange(text.startIndex..<text.endIndex, in: text)
                if regex.firstMatch(in: text, range: range) == nil {
                    fail("pattern", "\(value.kindDescription) does not match the pattern \(pattern)")
                }
            }
        case .number(let number):
            let shown = value.kindDescription
            if let minimum = members["minimum"]?.numberValue, number < minimum {
                fail("minimum", "expected at least \(JSONWriter.format(number: minimum)), found \(shown)")
            }
            if let maximum = members["maximum"]?.numberValue, number > maximum {
                fail("maximum", "expected at most \(JSONWriter.format(number: maximum)), found \(shown)")
            }
        case .array(let elements):
            if let minimum = members["minItems"]?.numberValue, Double(elements.count) < minimum {
                fail(
                    "minItems",
                    "expected at least \(JSONWriter.format(number: minimum)) elements, found \(value.kindDescription)")
            }
            if let items = members["items"] {
                for (index, element) in elements.enumerated() {
                    found += evaluate(element, against: items, path: JSONPath.index(index, of: path))
                }
            }
        case .object(let object):
            found += evaluateMembers(object, schema: members, path: path)
        default:
            break
        }
        if let branches = members["anyOf"]?.arrayValue {
            found += evaluateAlternatives(value, branches: branches, exactlyOne: false, path: path)
        }
        if let branches = members["oneOf"]?.arrayValue {
            found += evaluateAlternatives(value, branches: branches, exactlyOne: true, path: path)
        }
        return found
    }

    private func evaluateMembers(_ object: JSONObject, schema members: JSONObject, path: String) -> [SchemaViolation] {
        var found: [SchemaViolation] = []
        let properties = members["properties"]?.objectValue ?? [:]
        for name in (members["required"]?.arrayValue ?? []).compactMap(\.stringValue) where object[name] == nil {
            found.append(
                SchemaViolation(
                    path: JSONPath.member(name, of: path), keyword: "required",
                    message: "missing required member \"\(name)\""))
        }
        for key in Self.sortedKeys(object) {
            guard let member = object[key] else { continue }
            let memberPath = JSONPath.member(key, of: path)
            if let names = members["propertyNames"] {
                for violation in evaluate(.string(key), against: names, path: memberPath) {
                    found.append(
                        SchemaViolation(
                            path: memberPath, keyword: "propertyNames",
                            message: "the member name is not allowed: \(violation.message)"))
                }
            }
            if let property = properties[key] {
                found += evaluate(member, against: property, path: memberPath)
            } else if let additional = members["additionalProperties"] {
                found += evaluate(member, against: additional, path: memberPath)
            }
        }
        return found
    }

    /// `anyOf` (at least one branch) or `oneOf` (exactly one). When no branch matches and only one
    /// branch accepts the value's type, that branch's violations are reported, which is what a
    /// nullable reference such as `anyOf: [{$ref: period}, {type: null}]` needs.
    private func evaluateAlternatives(
        _ value: JSONValue, branches: [JSONValue], exactlyOne: Bool, path: String
    ) -> [SchemaViolation] {
        let results = branches.map { evaluate(value, against: $0, path: path) }
        let passing = results.filter(\.isEmpty).count
        let keyword = exactlyOne ? "oneOf" : "anyOf"
        if passing == 1 || (!exactlyOne && passing > 1) { return [] }
        if passing > 1 {
            return [SchemaViolation(path: path, keyword: keyword, message: "matches \(passing) alternatives, not one")]
        }
        let typeCompatible = results.filter { violations in
            !violations.contains { $0.path == path && ($0.keyword == "type" || $0.keyword == "const") }
        }
        if typeCompatible.count == 1, let only = typeCompatible.first { return only }
        return [
            SchemaViolation(
                path: path, keyword: keyword,
                message: "\(value.kindDescription) matches none of the \(branches.count) alternatives")
        ]
    }
}
