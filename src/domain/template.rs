//! Notification templates an administrator edits: `{name}` placeholders, checked before a text
//! is kept (an unknown or missing required placeholder would make a broken SMS), and the size
//! of an SMS in segments, as the gateway will bill it.

use super::FieldError;

/// A value a notice can put into its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Placeholder {
    pub name: &'static str,
    /// Without it the notice says nothing useful (the code of a code SMS).
    pub required: bool,
}

/// The placeholders of a text in order of appearance, or why the braces do not parse.
pub fn placeholders(text: &str) -> Result<Vec<&str>, &'static str> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err("unbalanced_braces");
        }
        let after = &rest[open + 1..];
        let close = after.find('}').ok_or("unbalanced_braces")?;
        let name = &after[..close];
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            return Err("bad_placeholder");
        }
        out.push(name);
        rest = &after[close + 1..];
    }
    Ok(out)
}

/// Every placeholder known to the notice and every required one present.
pub fn check(field: &'static str, text: &str, known: &[Placeholder]) -> Result<(), FieldError> {
    if text.trim().is_empty() {
        return Err(FieldError::required(field));
    }
    let used = placeholders(text).map_err(|code| FieldError::new(field, code))?;
    if used.iter().any(|u| !known.iter().any(|k| k.name == *u)) {
        return Err(FieldError::new(field, "unknown_placeholder"));
    }
    if known.iter().any(|k| k.required && !used.contains(&k.name)) {
        return Err(FieldError::new(field, "missing_placeholder"));
    }
    Ok(())
}

/// Puts the values in; a placeholder without a value stays as written (`check` keeps that out).
pub fn render(text: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((name, close)) if values.iter().any(|(n, _)| *n == name) => {
                out.push_str(values.iter().find(|(n, _)| *n == name).map(|(_, v)| *v).unwrap_or_default());
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The GSM 03.38 default alphabet (one septet each).
const GSM_BASIC: &str = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
/// The extension table: two septets each.
const GSM_EXTENDED: &str = "^{}\\[~]|€\u{c}";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SmsSize {
    /// UCS-2 (any Cyrillic letter makes it so) rather than the GSM alphabet.
    pub unicode: bool,
    /// Characters as the gateway counts them (septets, or UTF-16 units).
    pub units: usize,
    pub segments: usize,
}

/// One segment holds 160 GSM septets or 70 UCS-2 characters; a split message 153 or 67 a part.
pub fn sms_size(text: &str) -> SmsSize {
    let gsm: Option<usize> = text.chars().try_fold(0usize, |n, c| {
        if GSM_BASIC.contains(c) {
            Some(n + 1)
        } else if GSM_EXTENDED.contains(c) {
            Some(n + 2)
        } else {
            None
        }
    });
    let (unicode, units, single, part) = match gsm {
        Some(septets) => (false, septets, 160, 153),
        None => (true, text.encode_utf16().count(), 70, 67),
    };
    let segments = match units {
        0 => 0,
        n if n <= single => 1,
        n => n.div_ceil(part),
    };
    SmsSize { unicode, units, segments }
}

#[cfg(test)]
mod tests {
    use super::*;

    const CODE: [Placeholder; 2] =
        [Placeholder { name: "code", required: true }, Placeholder { name: "minutes", required: false }];

    #[test]
    fn placeholders_are_found_in_order() {
        assert_eq!(placeholders("Код {code}, действует {minutes} мин"), Ok(vec!["code", "minutes"]));
        assert_eq!(placeholders("без подстановок"), Ok(vec![]));
        assert_eq!(placeholders("Код {code"), Err("unbalanced_braces"));
        assert_eq!(placeholders("Код code}"), Err("unbalanced_braces"));
        assert_eq!(placeholders("Код {}"), Err("bad_placeholder"));
        assert_eq!(placeholders("Код {Code}"), Err("bad_placeholder"));
        assert_eq!(placeholders("Код { code }"), Err("bad_placeholder"));
    }

    #[test]
    fn a_template_is_checked_against_its_notice() {
        assert_eq!(check("sms_ru", "Техподдержка: код {code}", &CODE), Ok(()));
        assert_eq!(check("sms_ru", "Техподдержка: код {code}, {minutes} мин", &CODE), Ok(()));
        assert_eq!(check("sms_ru", "Техподдержка: код", &CODE), Err(FieldError::new("sms_ru", "missing_placeholder")));
        assert_eq!(
            check("sms_ru", "Код {code} для {phone}", &CODE),
            Err(FieldError::new("sms_ru", "unknown_placeholder"))
        );
        assert_eq!(check("sms_ru", "Код {code", &CODE), Err(FieldError::new("sms_ru", "unbalanced_braces")));
        assert_eq!(check("sms_ru", "  ", &CODE), Err(FieldError::required("sms_ru")));
    }

    #[test]
    fn values_are_put_in() {
        assert_eq!(render("Код {code}, {minutes} мин", &[("code", "123456"), ("minutes", "10")]), "Код 123456, 10 мин");
        assert_eq!(render("{code}{code}", &[("code", "1")]), "11");
        assert_eq!(render("Код {x} и {", &[("code", "1")]), "Код {x} и {");
    }

    #[test]
    fn cyrillic_is_ucs2_seventy_a_segment_sixty_seven_a_part() {
        let one = "ж".repeat(70);
        assert_eq!(sms_size(&one), SmsSize { unicode: true, units: 70, segments: 1 });
        assert_eq!(sms_size(&"ж".repeat(71)).segments, 2);
        assert_eq!(sms_size(&"ж".repeat(134)).segments, 2);
        assert_eq!(sms_size(&"ж".repeat(135)).segments, 3);
        assert_eq!(sms_size("").segments, 0);
        assert_eq!(sms_size("😀").units, 2, "outside the BMP a character takes two UCS-2 units");
    }

    #[test]
    fn latin_text_is_gsm_with_two_septets_for_the_extension() {
        assert_eq!(sms_size(&"a".repeat(160)), SmsSize { unicode: false, units: 160, segments: 1 });
        assert_eq!(sms_size(&"a".repeat(161)).segments, 2);
        assert_eq!(sms_size(&"a".repeat(306)).segments, 2);
        assert_eq!(sms_size(&"a".repeat(307)).segments, 3);
        assert_eq!(sms_size("Code: {1}").units, 11, "braces are extension characters");
        assert!(sms_size("Ticket 2026-000004 – solved").unicode, "an en dash is not GSM");
    }
}
