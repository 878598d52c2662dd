// `vibesql-git hooks install|uninstall`: manage the pre-push hook.
import ArgumentParser
import VibeGit

struct HooksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hooks",
        abstract: "Install or remove the pre-push hook.",
        subcommands: [Install.self, Uninstall.self])

    struct Install: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write the pre-push hook (respects core.hooksPath; an existing hook is kept and chained).")

        func run() throws {
            let installer = HookInstaller(repository: try Repository.openFromEnvironment())
            switch try installer.install() {
            case .installed(let path):
                print("Installed \(path).")
            case .updated(let path):
                print("Updated \(path).")
            case .chained(let path, let keptAs):
                print("Installed \(path); the previous pre-push hook is now \(keptAs) and runs first.")
            }
        }
    }

    struct Uninstall: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Remove the pre-push hook (restores a hook it had chained).")

        func run() throws {
            let installer = HookInstaller(repository: try Repository.openFromEnvironment())
            switch try installer.uninstall() {
            case .removed(let path):
                print("Removed \(path).")
            case .restored(let path):
                print("Removed the vibesql-git hook; restored the previous hook at \(path).")
            case .notInstalled(let path):
                print("No pre-push hook at \(path).")
            }
        }
    }
}
