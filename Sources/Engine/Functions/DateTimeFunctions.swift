// Date and time functions: date, time, datetime, julianday, strftime, unixepoch.

enum DateTimeFunctions {
    static let all: [ScalarFunction] = []
}
