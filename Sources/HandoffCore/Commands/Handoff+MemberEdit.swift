import GitKit
import HandoffModel
import HandoffStore

/// What `handoff member edit` changes; nil or empty leaves that part as it is.
public struct MemberEditRequest: Sendable {
    /// Stages to add (kept in the member's order, new ones last).
    public var addStages: [String]
    /// Stages to remove.
    public var removeStages: [String]
    /// A new display name.
    public var name: String?
    /// True to make them admin, false to take the flag away.
    public var admin: Bool?

    /// A request adding `addStages`, removing `removeStages`, setting `name` and `admin` when given.
    public init(addStages: [String] = [], removeStages: [String] = [], name: String? = nil, admin: Bool? = nil) {
        self.addStages = addStages
        self.removeStages = removeStages
        self.name = name
        self.admin = admin
    }
}

extension Handoff {
    /// Edits a member in place in `.handoff/config.yml` (stages, name, admin flag), keeping every
    /// other byte of the file, in one signed commit. Admins only; the last admin keeps the flag.
    /// - Throws: `HandoffError.refused` when not allowed or the member does not exist, `.usage`
    ///   for an unknown stage or a request that changes nothing.
    @discardableResult
    public func editMember(email: String, _ request: MemberEditRequest) throws(HandoffError) -> PolicyChange {
        try changePolicy(action: .memberEdit, subject: "handoff: member edit \(email)", member: email) { edit throws(HandoffError) in
            guard let member = edit.workflow.member(email) else {
                throw .refused("\(email) is not a member; add them with 'handoff member add \(email) --key KEY.pub'")
            }
            for stage in request.addStages + request.removeStages where !edit.workflow.stages.contains(stage) {
                throw .usage("stage '\(stage)' is not in the workflow (\(edit.workflow.stages.joined(separator: ", ")))")
            }
            if let overlap = request.addStages.first(where: request.removeStages.contains) {
                throw .usage("--add-stage and --remove-stage both name '\(overlap)'; give it once")
            }
            var stages = member.stages.filter { !request.removeStages.contains($0) }
            for stage in request.addStages where !stages.contains(stage) { stages.append(stage) }
            let admin = request.admin ?? member.admin
            if member.admin, !admin, edit.workflow.members.filter(\.admin).count == 1 {
                throw .refused("\(member.email) is the last admin; make someone else admin first (handoff member edit EMAIL --admin)")
            }
            let updated = Workflow.Member(email: member.email, name: request.name ?? member.name, stages: stages, admin: admin, notify: member.notify)
            guard updated != member else {
                throw .usage("\(member.email) already is so (stages: \(member.stages.isEmpty ? "none" : member.stages.joined(separator: ", ")), admin: \(member.admin)); nothing to change")
            }
            return (try WorkflowFile.replacing(updated, in: edit.workflowText), edit.signersText)
        }
    }
}
