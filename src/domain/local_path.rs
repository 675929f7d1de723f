//! Where we may send a browser back to: a path of this site, never another origin.

/// Any base will do: only whether the parsed result keeps it matters.
const BASE: &str = "http://this-site.invalid/";

/// The path itself when it is a local path that every browser reads as one: a single `/`
/// followed by anything but `/` or `\`, no control or white-space character anywhere (browsers
/// drop tabs and new lines from addresses, so `/\t/evil.example` would become `//evil.example`),
/// and nothing a URL parser reads as having a host of its own.
pub fn local_path(input: &str) -> Option<&str> {
    let mut chars = input.chars();
    if chars.next() != Some('/') {
        return None;
    }
    if matches!(chars.next(), Some('/' | '\\')) {
        return None;
    }
    if input.chars().any(|c| c.is_control() || c.is_whitespace() || c == '\\') || has_encoded_control(input) {
        return None;
    }
    let base = url::Url::parse(BASE).expect("the base parses");
    let joined = base.join(input).ok()?;
    if joined.origin() != base.origin() {
        return None;
    }
    Some(input)
}

/// `%00`–`%1F`, `%20` or `%7F` in the path (a query may well hold an encoded space): harmless to
/// a browser, but no path of ours holds them, and one more decoding by anything in between would
/// turn them into the real thing.
fn has_encoded_control(input: &str) -> bool {
    let path = input.split(['?', '#']).next().unwrap_or_default();
    path.as_bytes().windows(3).any(|w| {
        w[0] == b'%' && matches!((w[1], w[2].to_ascii_uppercase()), (b'0' | b'1', _) | (b'2', b'0') | (b'7', b'F'))
    })
}

/// The local path and query of an absolute address (a `Referer`), when it is one of ours.
pub fn path_of_address(address: &str) -> Option<String> {
    let parsed = url::Url::parse(address).ok()?;
    let mut path = parsed.path().to_string();
    if let Some(query) = parsed.query() {
        path.push('?');
        path.push_str(query);
    }
    local_path(&path).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_paths_pass() {
        for ok in [
            "/",
            "/account",
            "/tickets/2026-000001?done=reply",
            "/staff?q=%D0%AD%D0%A6%D0%9F",
            "/staff?q=a%20b",
            "/a/b//c",
        ] {
            assert_eq!(local_path(ok), Some(ok), "{ok}");
        }
    }

    #[test]
    fn anything_that_leaves_the_site_is_refused() {
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example/",
            "/\n/evil.example",
            "/\r\n/evil.example",
            "/ /evil.example",
            "/\u{0}/evil.example",
            "/\u{a0}/evil.example",
            "/\u{2028}/evil.example",
            "\\/evil.example",
            "https://evil.example",
            "http:evil.example",
            "javascript:alert(1)",
            "evil.example",
            "",
            "/account\\..\\..\\evil",
            "/%09/evil.example/",
            "/%0a/evil.example",
            "/%20/evil.example",
            "/%7f",
        ] {
            assert_eq!(local_path(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn referers_give_their_path_and_query() {
        assert_eq!(path_of_address("http://127.0.0.1:8080/tickets?status=new").as_deref(), Some("/tickets?status=new"));
        assert_eq!(path_of_address("https://support.example.by/").as_deref(), Some("/"));
        assert_eq!(path_of_address("not an address"), None);
        assert_eq!(path_of_address("https://support.example.by/login").as_deref(), Some("/login"));
        assert_eq!(path_of_address("https://support.example.by//evil.example"), None);
    }
}
