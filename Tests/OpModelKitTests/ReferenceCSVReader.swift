@testable import OpModelKit

/// The CSV reader as it was before it streamed: the whole text turned into an array of Unicode
/// scalars and scanned with look-ahead. Kept as an oracle for ``CSVRecordReader``.
enum ReferenceCSVReader {
    /// Every record of `text` with the physical line it starts on.
    static func records(_ text: String) throws(CSVError) -> [CSVRecord] {
        var scanner = Scanner(scalars: Array(text.unicodeScalars))
        return try scanner.scan()
    }

    private struct Scanner {
        enum State {
            /// At the start of a field (nothing of it read yet).
            case fieldStart
            /// Inside a field that did not start with a quote.
            case unquoted
            /// Inside a quoted field opened at the given position.
            case quoted(line: Int, column: Int)
            /// Just after the closing quote of a quoted field.
            case afterQuote
        }

        let scalars: [Unicode.Scalar]
        var index = 0
        var line = 1
        var column = 0
        var state = State.fieldStart
        var field = String.UnicodeScalarView()
        var fields: [String] = []
        var recordLine = 1
        var records: [CSVRecord] = []

        init(scalars: [Unicode.Scalar]) {
            self.scalars = scalars
            if scalars.first == "\u{FEFF}" { index = 1 }
        }

        mutating func scan() throws(CSVError) -> [CSVRecord] {
            while index < scalars.count {
                let scalar = scalars[index]
                column += 1
                switch state {
                case .fieldStart:
                    switch scalar {
                    case "\"": state = .quoted(line: line, column: column)
                    case ",": endField()
                    case "\r", "\n": endRecord()
                    default:
                        field.append(scalar)
                        state = .unquoted
                    }
                case .unquoted:
                    switch scalar {
                    case "\"": throw .quoteInUnquotedField(line: line, column: column)
                    case ",": endField()
                    case "\r", "\n": endRecord()
                    default: field.append(scalar)
                    }
                case .quoted:
                    if scalar == "\"" {
                        if index + 1 < scalars.count, scalars[index + 1] == "\"" {
                            field.append(scalar)
                            index += 1
                            column += 1
                        } else {
                            state = .afterQuote
                        }
                    } else if scalar == "\r" || scalar == "\n" {
                        field.append(scalar)
                        if scalar == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" {
                            field.append("\n")
                            index += 1
                        }
                        line += 1
                        column = 0
                    } else {
                        field.append(scalar)
                    }
                case .afterQuote:
                    switch scalar {
                    case ",": endField()
                    case "\r", "\n": endRecord()
                    default:
                        throw .textAfterClosingQuote(line: line, column: column, found: String(Character(scalar)))
                    }
                }
                index += 1
            }
            switch state {
            case .quoted(let line, let column):
                throw .unterminatedQuotedField(line: line, column: column)
            case .fieldStart where fields.isEmpty:
                break  // empty text, or the line break that ended the last record
            case .fieldStart, .unquoted, .afterQuote:
                fields.append(String(field))
                records.append(CSVRecord(fields: fields, line: recordLine))
            }
            return records
        }

        /// Ends the current field at a comma.
        mutating func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            state = .fieldStart
        }

        /// Ends the current field and record at the line break under `index` (CRLF counts once).
        mutating func endRecord() {
            fields.append(String(field))
            records.append(CSVRecord(fields: fields, line: recordLine))
            field = String.UnicodeScalarView()
            fields = []
            state = .fieldStart
            if scalars[index] == "\r", index + 1 < scalars.count, scalars[index + 1] == "\n" {
                index += 1
            }
            line += 1
            column = 0
            recordLine = line
        }
    }
}
