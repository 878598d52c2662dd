import ArgumentParser
import Engine

@main
struct VibeSQLShell: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "vibesql", abstract: "The VibeSQL SQL shell.")

    @Option(name: .short, help: "SQL to run.")
    var command: String?

    func run() throws {
        let db = Database()
        guard let command else { return }
        do {
            let result = try db.execute(command)
            for row in result.rows {
                print(row.map { v -> String in
                    switch v {
                    case .null: return "NULL"
                    case .integer(let i): return String(i)
                    case .real: return v.textForm ?? ""
                    case .text(let s): return s
                    case .blob(let b): return "x'" + b.map { String($0, radix: 16) }.joined() + "'"
                    }
                }.joined(separator: "|"))
            }
        } catch let e as SQLError {
            print("Error: \(e.rendered)")
        }
    }
}
