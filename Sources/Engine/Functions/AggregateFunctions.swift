// Aggregate functions: count, sum, total, avg, min, max, group_concat.

enum AggregateFunctions {
    static let all: [AggregateFunction] = []
}
