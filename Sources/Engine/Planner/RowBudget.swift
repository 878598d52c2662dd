// Stopping a FROM source early. A query whose answer is the first rows of its first source
// (filtered, extended by LEFT JOINs, made DISTINCT, but neither sorted nor grouped) asks that
// source for a budget of rows; when the answer comes out short while the source had more to
// give, it asks again for twice as many. A recursive CTE with no bound of its own thus stops
// once the outer LIMIT is met, whatever filter or LEFT JOIN its rows go through, as SQLite's
// coroutine does; the work done is at most about twice what the answer needed.

/// A source that can stop at a row budget; its identity is its key in the context's budgets.
final class RowBudgetToken {
    var key: ObjectIdentifier { ObjectIdentifier(self) }
}

/// Budgets grow up to this many rows; past it the source runs unbudgeted (the interrupt and
/// the memory limit end a query that gets there).
private let largestBudget = 1 << 40

/// The producer of a source read through `plan`. Unbudgeted, it runs the plan (its rows kept
/// for the rest of the statement's run when `cached`); with a budget addressed to it, it asks
/// the plan for that many rows only, keeps nothing, and notes when it stopped with rows left.
func budgetedProducer(_ plan: SelectPlan, token: RowBudgetToken, cached: Bool) -> (ExecutionContext) throws -> [Row] {
    let cache = Cache<[Row]>()
    let key = token.key
    return { ctx in
        // Views over views and CTEs over CTEs recurse here as deep as the schema goes.
        try StackGuard.check()
        if let budget = ctx.rowBudgets.removeValue(forKey: key) {
            let rows = try plan.execute(ctx, budget)
            if rows.count >= budget { ctx.stoppedAtBudget.insert(key) }
            return rows
        }
        return cached ? try cache.get(ctx) { try plan.execute(ctx, nil) } : try plan.execute(ctx, nil)
    }
}

/// Runs `answer` with a budget of `first` rows for the source `key`, doubling it while the
/// answer has fewer than `wanted` rows and the source stopped at its budget.
func withGrowingBudget(for key: ObjectIdentifier, first: Int, wanted: Int, ctx: ExecutionContext,
                       _ answer: () throws -> [Row]) throws -> [Row] {
    var budget = min(max(first, 1), largestBudget)
    while budget < largestBudget {
        ctx.rowBudgets[key] = budget
        defer {
            ctx.rowBudgets[key] = nil
            ctx.stoppedAtBudget.remove(key)
        }
        let rows = try answer()
        if !ctx.stoppedAtBudget.contains(key) || rows.count >= wanted { return rows }
        budget *= 2
    }
    return try answer()
}
