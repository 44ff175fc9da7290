/// An item the room parked to come back to (`! text` at any prompt of the workshop): who raised
/// it, where, and whether it is closed. Open items are carried into the next quarter's
/// assessment until they are closed in an Improve review.
public struct ParkingLotItem: Codable, Sendable, Equatable {
    /// What the room wants to come back to.
    public var text: String
    /// The participant who raised it, when the room named one (`! Raj: text`).
    public var raisedBy: String?
    /// The phase it was raised in.
    public var phase: Phase?
    /// The Discover question on screen when it was raised.
    public var question: String?
    /// The quarter it was raised in; kept when the item is carried into later quarters.
    public var raisedIn: Period?
    /// The quarter it was closed in; nil while it is open.
    public var closedIn: Period?
    /// What the room decided when it closed the item.
    public var resolution: String?
    /// Members this program does not know, kept for the round trip.
    public var unknownMembers: JSONObject = [:]

    enum CodingKeys: String, CodingKey, CaseIterable {
        case text, raisedBy, phase, question, raisedIn, closedIn, resolution
    }

    /// Creates an open item.
    public init(
        text: String, raisedBy: String? = nil, phase: Phase? = nil, question: String? = nil, raisedIn: Period? = nil
    ) {
        self.text = text
        self.raisedBy = raisedBy
        self.phase = phase
        self.question = question
        self.raisedIn = raisedIn
    }

    /// Whether the item still waits for the room.
    public var isOpen: Bool { closedIn == nil }

    /// Decodes an item.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        text = try container.decode(String.self, forKey: .text)
        raisedBy = try container.decodeIfPresent(String.self, forKey: .raisedBy)
        phase = try container.decodeIfPresent(Phase.self, forKey: .phase)
        question = try container.decodeIfPresent(String.self, forKey: .question)
        raisedIn = try container.decodeIfPresent(Period.self, forKey: .raisedIn)
        closedIn = try container.decodeIfPresent(Period.self, forKey: .closedIn)
        resolution = try container.decodeIfPresent(String.self, forKey: .resolution)
        unknownMembers = try decoder.unknownMembers(besides: CodingKeys.self)
    }

    /// Encodes the item.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(text, forKey: .text)
        try container.encodeIfPresent(raisedBy, forKey: .raisedBy)
        try container.encodeIfPresent(phase, forKey: .phase)
        try container.encodeIfPresent(question, forKey: .question)
        try container.encodeIfPresent(raisedIn, forKey: .raisedIn)
        try container.encodeIfPresent(closedIn, forKey: .closedIn)
        try container.encodeIfPresent(resolution, forKey: .resolution)
        try encoder.encodeUnknownMembers(unknownMembers)
    }

    /// Where the item came from, for people: `Discover · OL-03`, `Deliver`, or `–`.
    public var placeText: String {
        let phaseText = phase.map { $0 == .complete ? "after the workshop" : $0.title }
        return [phaseText, question].compactMap { $0 }.joined(separator: " · ").nonEmpty ?? "–"
    }
}

extension String {
    /// The text, or nil when it is empty.
    fileprivate var nonEmpty: String? { isEmpty ? nil : self }
}
