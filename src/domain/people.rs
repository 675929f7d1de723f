//! Who an account belongs to and whether it may be used.

/// DESIGN §2: customers register themselves; staff accounts are made by the operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Role {
    Customer,
    Operator,
    Supervisor,
    Administrator,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Customer, Role::Operator, Role::Supervisor, Role::Administrator];

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Operator => "operator",
            Role::Supervisor => "supervisor",
            Role::Administrator => "administrator",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.as_str() == s)
    }

    pub fn is_staff(self) -> bool {
        self != Role::Customer
    }

    /// Supervisors and administrators see every ticket; operators those of their groups.
    pub fn sees_all_groups(self) -> bool {
        matches!(self, Role::Supervisor | Role::Administrator)
    }
}

/// Whether an account may sign in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AccountStatus {
    Active,
    /// Consent withdrawn or disabled by the operator.
    Blocked,
    /// Nothing left that points to the person (after consent withdrawal).
    Anonymised,
}

impl AccountStatus {
    pub const ALL: [AccountStatus; 3] = [AccountStatus::Active, AccountStatus::Blocked, AccountStatus::Anonymised];

    pub fn as_str(self) -> &'static str {
        match self {
            AccountStatus::Active => "active",
            AccountStatus::Blocked => "blocked",
            AccountStatus::Anonymised => "anonymised",
        }
    }

    pub fn parse(s: &str) -> Option<AccountStatus> {
        AccountStatus::ALL.into_iter().find(|r| r.as_str() == s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_and_status_reads_back() {
        for role in Role::ALL {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        for status in AccountStatus::ALL {
            assert_eq!(AccountStatus::parse(status.as_str()), Some(status));
        }
        assert_eq!(Role::parse("root"), None);
        assert_eq!(AccountStatus::parse("Active"), None);
        assert!(!Role::Customer.is_staff() && Role::Operator.is_staff());
        assert!(!Role::Operator.sees_all_groups() && Role::Supervisor.sees_all_groups());
    }
}
