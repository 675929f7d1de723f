//! Network address rules: which callers may read the operations endpoints.

use std::net::IpAddr;

/// An address or a network (`10.0.0.0/8`, `::1`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AddressRule {
    network: IpAddr,
    prefix: u8,
}

impl AddressRule {
    pub fn parse(input: &str) -> Option<Self> {
        let input = input.trim();
        let (address, prefix) = match input.split_once('/') {
            Some((a, p)) => (a, Some(p.parse::<u8>().ok()?)),
            None => (input, None),
        };
        let network: IpAddr = address.parse().ok()?;
        let full = if network.is_ipv4() { 32 } else { 128 };
        let prefix = prefix.unwrap_or(full);
        (prefix <= full).then_some(AddressRule { network, prefix })
    }

    /// A comma-separated list; `None` when any item is not an address or network.
    pub fn parse_list(input: &str) -> Option<Vec<Self>> {
        input.split(',').filter(|s| !s.trim().is_empty()).map(Self::parse).collect()
    }

    pub fn matches(&self, address: IpAddr) -> bool {
        let address = match address {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map(IpAddr::V4).unwrap_or(address),
            v4 => v4,
        };
        match (self.network, address) {
            (IpAddr::V4(n), IpAddr::V4(a)) => {
                masked(u128::from(u32::from(n)), u128::from(u32::from(a)), self.prefix, 32)
            }
            (IpAddr::V6(n), IpAddr::V6(a)) => masked(u128::from(n), u128::from(a), self.prefix, 128),
            _ => false,
        }
    }
}

fn masked(network: u128, address: u128, prefix: u8, width: u32) -> bool {
    let shift = width - u32::from(prefix);
    if shift >= width {
        return true;
    }
    (network >> shift) == (address >> shift)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn addresses_and_networks() {
        let rules = AddressRule::parse_list("127.0.0.1, ::1,10.0.0.0/8").unwrap();
        assert!(rules.iter().any(|r| r.matches(ip("127.0.0.1"))));
        assert!(rules.iter().any(|r| r.matches(ip("::1"))));
        assert!(rules.iter().any(|r| r.matches(ip("10.20.30.40"))));
        assert!(rules.iter().any(|r| r.matches(ip("::ffff:10.1.2.3"))), "v4-mapped v6");
        assert!(!rules.iter().any(|r| r.matches(ip("11.0.0.1"))));
        assert!(!rules.iter().any(|r| r.matches(ip("203.0.113.5"))));
        assert!(AddressRule::parse("0.0.0.0/0").unwrap().matches(ip("203.0.113.5")));
        assert!(AddressRule::parse("2001:db8::/32").unwrap().matches(ip("2001:db8::7")));
        assert!(!AddressRule::parse("2001:db8::/32").unwrap().matches(ip("2001:db9::7")));
    }

    #[test]
    fn nonsense_is_refused() {
        for bad in ["localhost", "10.0.0.0/33", "::1/129", "10.0.0.0/x", "1.2.3"] {
            assert_eq!(AddressRule::parse(bad), None, "{bad}");
        }
        assert_eq!(AddressRule::parse_list("127.0.0.1,nope"), None);
        assert_eq!(AddressRule::parse_list("").unwrap(), vec![]);
    }
}
