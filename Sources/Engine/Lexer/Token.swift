// Tokens: what the lexer hands the parser.

/// The kind of one token. Keywords are words; the parser decides which words are keywords.
enum TokenKind: Equatable {
    case word               // unquoted identifier or keyword; `upper` holds it upper-cased
    case quotedIdentifier   // "x", [x] or `x`
    case string             // 'text'
    case integer            // 123, 0x1F
    case float              // 1.5, 1e3, .5
    case blob               // x'0A0B'
    case parameter          // ?, ?3, :name, @name, $name
    case symbol             // operators and punctuation
    case end
    /// Where the lexer found text it could not read; the parser reports the lexer's error there.
    case error
}

/// One token with its text and byte offset in the statement.
struct Token {
    var kind: TokenKind
    /// The token's value: identifier text unquoted, string contents unescaped, symbol text.
    var text: String
    /// Upper-cased text for words that could be keywords (keyword checks), "" for longer words;
    /// the symbol itself for symbols.
    var upper: String
    /// Byte offset of the token's first character.
    var position: Int
    /// Byte offset just past the token.
    var end: Int
}
