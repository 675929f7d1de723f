//! Who sees which ticket: one predicate for customers and one for staff, used by every read,
//! list, search, download and the live queue, so that no two places can disagree.
//! Each takes the placeholder its user id is bound to (`$1`) and reads the ticket as `t`.

use super::queue::StaffScope;

/// A customer's own tickets and those of organisations whose confirmed manager they are.
/// A union of two index lookups rather than an `OR`: PostgreSQL would otherwise walk the whole
/// ticket table in list order looking for them (0.5 s against 1.4 ms at a million tickets).
pub fn customer_sees(user: &str) -> String {
    format!(
        "t.id IN (
            SELECT id FROM tickets WHERE requester_id = {user}
            UNION ALL
            SELECT id FROM tickets WHERE organization_id IN (
                SELECT organization_id FROM representations
                WHERE user_id = {user} AND status = 'confirmed' AND role = 'manager'))"
    )
}

/// The tickets of an operator's groups; `None` (no condition) for supervisors and
/// administrators, who see every ticket.
pub fn staff_sees(scope: StaffScope, me: &str) -> Option<String> {
    (!scope.all_groups)
        .then(|| format!("t.group_id IN (SELECT group_id FROM staff_group_members WHERE user_id = {me})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn operators_are_bound_to_their_groups_and_supervisors_are_not() {
        let operator = StaffScope { user_id: 7, all_groups: false };
        let supervisor = StaffScope { user_id: 8, all_groups: true };
        assert!(staff_sees(operator, "$1").unwrap().contains("staff_group_members WHERE user_id = $1"));
        assert_eq!(staff_sees(supervisor, "$1"), None);
        let customer = customer_sees("$4");
        assert!(
            customer.contains("requester_id = $4") && customer.contains("status = 'confirmed' AND role = 'manager'")
        );
        assert!(!customer.contains("$1"));
    }
}
