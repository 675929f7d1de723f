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

/// A staff member's login: Latin letters, digits, dot, hyphen and underscore, 2–50 of them,
/// lower-cased, and never something that reads as a phone number (that is a customer's login).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct StaffLogin(String);

impl StaffLogin {
    pub fn parse(input: &str) -> Result<Self, super::FieldError> {
        let login = input.trim().to_lowercase();
        if login.is_empty() {
            return Err(super::FieldError::required("login"));
        }
        if login.chars().count() > 50 || login.chars().count() < 2 {
            return Err(super::FieldError::new("login", "invalid_staff_login"));
        }
        let allowed = login.chars().all(|c| c.is_ascii_alphanumeric() || "._-".contains(c));
        if !allowed || super::Phone::parse(&login).is_ok() || !login.chars().any(|c| c.is_ascii_alphabetic()) {
            return Err(super::FieldError::new("login", "invalid_staff_login"));
        }
        Ok(StaffLogin(login))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staff_logins_are_latin_lower_case_and_never_a_phone() {
        assert_eq!(StaffLogin::parse(" Operator.1 ").unwrap().as_str(), "operator.1");
        assert_eq!(StaffLogin::parse("anna_petrova-2").unwrap().as_str(), "anna_petrova-2");
        for bad in ["", "a", "анна", "anna petrova", "375291234567", "80291234567", "12345", &"a".repeat(51), "a@b"]
        {
            assert!(StaffLogin::parse(bad).is_err(), "{bad:?}");
        }
        assert_eq!(StaffLogin::parse("").unwrap_err().code, "required");
        assert_eq!(
            StaffLogin::parse("анна").unwrap_err(),
            super::super::FieldError::new("login", "invalid_staff_login")
        );
    }

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
