import GitKit
import HandoffModel

/// The rules of a policy change under `policy_approvals: N` (N > 1 in the parent's workflow):
/// one admin's key can propose, but the policy changes only when N admins have signed.
///
/// A commit that changes `.handoff/` (or `.gitattributes`, `.mailmap`) does exactly one of:
/// - **proposes**: adds `.handoff/proposals/ID/` (see `PolicyProposal`) whose base is the
///   parent's policy and whose `approvals` names its committer alone;
/// - **signs off**: appends its committer to one proposal's `approvals`, once per admin;
/// - **withdraws**: removes a proposal that was not applied;
/// - **applies**: makes the policy files exactly what one waiting proposal holds, from the base
///   it names, records its committer in `applied`, and counts the proposal's admins and its
///   committer: at least N distinct admins of the parent's policy.
/// Raising or lowering N is a policy change like any other, so it needs the old N. While one
/// admin suffices (N = 1) an admin changes the policy directly, but proposals keep their shape:
/// a sign-off is still only ever added by its signer.
struct PolicyProposalRules {
    let repository: Repository

    func check(
        _ commit: RawCommit, changes: [PathChange], parentTree: ObjectID?, policy: Policy,
        fail: (String?, Violation.Rule, String) -> Void
    ) throws(HandoffError) {
        let needed = policy.workflow.policyApprovals
        guard let parentTree else { return }
        let email = commit.committer.email
        var proposals = Set<String>()
        var effective = [PathChange]()
        for change in changes {
            if change.path.hasPrefix(PolicyFiles.proposals + "/") {
                proposals.insert(String(change.path.dropFirst(PolicyFiles.proposals.count + 1).prefix { $0 != "/" }))
            } else {
                effective.append(change)
            }
        }
        let advice = "under policy_approvals: \(needed), change the policy with 'handoff policy propose' and have \(needed) admins sign it off ('handoff policy approve ID')"
        do {
            // A proposal's shape holds whatever N is now: sign-offs forged while one admin
            // sufficed must not count once N is raised.
            if effective.isEmpty || needed <= 1 {
                for id in proposals.sorted() {
                    if let problem = try proposalProblem(id, email: email, parentTree: parentTree, tree: commit.tree, applying: !effective.isEmpty) {
                        fail(nil, .policy, problem)
                    }
                }
                return
            }
            guard proposals.count == 1, let id = proposals.first,
                let waiting = try PolicyProposal.read(id, in: parentTree, repository: repository),
                let after = try PolicyProposal.read(id, in: commit.tree, repository: repository)
            else {
                fail(nil, .policy, "changes \(effective.map(\.path).joined(separator: ", ")) directly; \(advice)")
                return
            }
            if let problem = try applyProblem(waiting, after, effective: effective, email: email, parentTree: parentTree, policy: policy) {
                fail(nil, .policy, "\(problem); \(advice)")
            }
        } catch {
            fail(nil, .policy, "\(error.message); \(advice)")
        }
    }

    /// What is wrong with a commit that proposes, signs off on or withdraws proposal `id`, or,
    /// when `applying` (an admin's direct change while one admin suffices), marks it applied.
    private func proposalProblem(_ id: String, email: String, parentTree: ObjectID, tree: ObjectID, applying: Bool) throws(HandoffError) -> String? {
        let before = try PolicyProposal.read(id, in: parentTree, repository: repository)
        let after = try PolicyProposal.read(id, in: tree, repository: repository)
        switch (before, after) {
        case (nil, nil):
            return nil
        case (nil, let proposed?):
            guard proposed.approvals == [email], proposed.applied == nil else {
                return "proposal \(id.prefix(12)) must start with its proposer's sign-off alone (\(email)) and not be applied"
            }
            for (path, old) in proposed.base {
                let current = try git({ () throws(GitError) in try repository.treeEntry(at: path, in: tree) })?.id
                guard current == old else { return "proposal \(id.prefix(12)) names a base for \(path) that is not the policy it changes" }
            }
            return nil
        case (let waiting?, let signed?):
            if applying, waiting.applied == nil, signed.applied == email, signed.approvals == waiting.approvals { return nil }
            guard waiting.applied == nil, signed.applied == nil else { return "proposal \(id.prefix(12)) was applied; nothing may be added to it" }
            guard signed.approvals.count == waiting.approvals.count + 1, Array(signed.approvals.dropLast()) == waiting.approvals,
                signed.approvals.last == email
            else { return "a sign-off appends its signer's address (\(email)) to proposal \(id.prefix(12))'s approvals, and changes nothing else" }
            guard !waiting.approvals.contains(where: { $0.caseInsensitiveEquals(email) }) else {
                return "\(email) signed off on proposal \(id.prefix(12)) already; one admin counts once"
            }
            return nil
        case (let waiting?, nil):
            return waiting.applied == nil ? nil : "proposal \(id.prefix(12)) was applied; it stays as the record of who signed it"
        }
    }

    /// What is wrong with a commit that applies `waiting` (it is `after` in the commit).
    private func applyProblem(
        _ waiting: PolicyProposal, _ after: PolicyProposal, effective: [PathChange], email: String, parentTree: ObjectID, policy: Policy
    ) throws(HandoffError) -> String? {
        let short = waiting.id.prefix(12)
        guard waiting.applied == nil else { return "proposal \(short) was applied already" }
        guard after.applied == email, after.approvals == waiting.approvals else {
            return "applying proposal \(short) records its applier (\(email)) in 'applied' and changes no sign-off"
        }
        for (path, old) in waiting.base {
            let current = try git({ () throws(GitError) in try repository.treeEntry(at: path, in: parentTree) })?.id
            guard current == old else { return "proposal \(short) was made for another version of \(path); propose the change again" }
        }
        let changed = Dictionary(effective.map { ($0.path, $0.new) }, uniquingKeysWith: { first, _ in first })
        guard Set(changed.keys) == Set(waiting.files.keys),
            waiting.files.allSatisfy({ path, blob in changed[path]??.id == blob && changed[path]??.mode == 0o100644 })
        else { return "the commit's policy files are not exactly what proposal \(short) holds" }
        let signers = PolicyProposal.admins(waiting.approvals + [email], of: policy.workflow)
        guard signers.count >= policy.workflow.policyApprovals else {
            return "proposal \(short) has \(signers.count) admin sign-off\(signers.count == 1 ? "" : "s") (\(signers.sorted().joined(separator: ", "))), and the parent's policy needs \(policy.workflow.policyApprovals)"
        }
        return nil
    }
}
