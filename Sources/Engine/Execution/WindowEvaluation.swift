// Window functions: partition, order, and compute each call's value for every row.

func computeWindows(_ rows: [Row], collector: WindowCollector, ctx: ExecutionContext) throws -> [Row] {
    throw SQLError(.syntax, "window functions are not supported yet")
}
