// Core scalar functions: abs, coalesce, length, substr, ... (SQLite's lang_corefunc.html).

enum CoreFunctions {
    static let all: [ScalarFunction] = []
}
