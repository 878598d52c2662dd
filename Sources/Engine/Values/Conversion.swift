// Conversions between storage classes, exactly as SQLite's CAST and affinity rules make them.

extension Value {
    /// CAST(self AS INTEGER).
    public func castToInteger() -> Value { fatalError("todo") }
    /// CAST(self AS REAL).
    public func castToReal() -> Value { fatalError("todo") }
    /// CAST(self AS TEXT); NULL stays NULL.
    public func castToText() -> Value { fatalError("todo") }
    /// CAST(self AS NUMERIC).
    public func castToNumeric() -> Value { fatalError("todo") }
    /// CAST(self AS BLOB).
    public func castToBlob() -> Value { fatalError("todo") }

    /// The text SQLite shows for this value (sqlite3_column_text): integers in decimal,
    /// reals as formatReal gives them, blobs as their bytes read as UTF-8; nil for NULL.
    public var textForm: String? { fatalError("todo") }

    /// The value as a number for arithmetic: integers and reals as they are, text and blobs
    /// read as their longest numeric prefix (0 when there is none), NULL stays NULL.
    public var numericValue: Value { fatalError("todo") }
}

/// A real printed as SQLite prints it ("%!.15g"): 15 significant digits, ".0" added to whole
/// numbers, exponent form as "1.0e+20", "Inf"/"-Inf" for infinities.
public func formatReal(_ d: Double) -> String { fatalError("todo") }

/// Reads a whole text as a number, as NUMERIC/INTEGER/REAL column affinity does: integer when it
/// is an integer literal that fits in 64 bits, real when it is any other well-formed number;
/// nil when the text (leading and trailing spaces allowed) is not a number.
public func parseNumericText(_ s: String) -> Value? { fatalError("todo") }
