import Foundation

/// A ready-made workflow for a process people run (`templates/workflows/NAME.yml`, embedded in
/// the binary), which `handoff init --template NAME` writes as `.handoff/config.yml`.
///
/// The file is the single source: its stages, transitions and sections are what it says, and
/// its first comment line is the purpose `init --list-templates` prints.
public struct WorkflowTemplate: Sendable, Equatable {
    /// The name `--template` takes, e.g. `oncall`.
    public let name: String
    /// The file's text, with `{{prefix}}` and `{{members}}` still to fill.
    public let text: String

    /// Every template, in the order `--list-templates` prints them.
    public static var all: [WorkflowTemplate] {
        [
            WorkflowTemplate(name: "sales-onboarding-support", bytes: PackageResources.sales_onboarding_support_yml),
            WorkflowTemplate(name: "oncall", bytes: PackageResources.oncall_yml),
            WorkflowTemplate(name: "ipass", bytes: PackageResources.ipass_yml),
            WorkflowTemplate(name: "sbar", bytes: PackageResources.sbar_yml),
            WorkflowTemplate(name: "code-review", bytes: PackageResources.code_review_yml),
        ]
    }

    private init(name: String, bytes: [UInt8]) {
        self.name = name
        self.text = String(decoding: bytes, as: UTF8.self)
    }

    /// The template called `name`.
    /// - Throws: `HandoffError.usage` listing the known names when there is none.
    public static func named(_ name: String) throws(HandoffError) -> WorkflowTemplate {
        guard let template = all.first(where: { $0.name == name }) else {
            let known = all.map(\.name).joined(separator: ", ")
            throw .usage("there is no workflow template '\(name)'; known: \(known) (see 'handoff init --list-templates')")
        }
        return template
    }

    /// What process it fits: the file's first comment line, without its `#`.
    public var purpose: String {
        let first = text.split(separator: "\n", omittingEmptySubsequences: false).first ?? ""
        guard first.hasPrefix("#") else { return "" }
        return first.dropFirst().trimmingCharacters(in: .whitespaces)
    }

    /// The stages the template declares, in order.
    /// - Throws: `HandoffError.invalidFile` when the template does not parse (a build fault the
    ///   tests catch).
    public func stages() throws(HandoffError) -> [String] {
        try Workflow(yaml: Templates.fill(text, ["prefix": "HO", "members": ""])).stages
    }

    /// The workflow file `init` writes: the template with `prefix` and `admin` as its only member.
    public func filled(prefix: String, admin: Workflow.Member) -> String {
        Templates.fill(text, ["prefix": prefix, "members": WorkflowFile.memberLine(admin)])
    }
}
