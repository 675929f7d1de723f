//! Every error names a field as its form labels it: a person told «Заполните поле „Описание“»
//! on a form whose only field reads «Ваш ответ» does not know what to fix. For each
//! `<label for="…">` of every template, the key it shows must be the key the field's errors use:
//! `field-{name}`, or what the page's `Labels` say.

use std::path::Path;

use crate::i18n::{Lang, Tr};
use crate::web::errors::Labels;

/// Forms whose labels are not `field-{name}`, with the map their handlers pass to
/// `FormErrors::labelled`.
fn labels_of(template: &str) -> Labels {
    match template {
        "ticket.html" => super::tickets::REPLY_LABELS,
        "ticket_new.html" => super::tickets::NEW_TICKET_LABELS,
        "staff_ticket.html" => super::staff_ticket::COMPOSER_LABELS,
        "staff_canned.html" => super::staff_canned::CANNED_LABELS,
        "admin/service.html" => super::admin::services::SERVICE_LABELS,
        // The consent check boxes read as a sentence with a link; its words are checked
        // against the field's own name below.
        "register.html" => {
            &[("accept_personal_data", "consent-personal-data-before"), ("accept_terms", "consent-terms-before")]
        }
        _ => &[],
    }
}

/// A label that may differ: the customer's filter of their own organisations is a list
/// («Организация»), where only a forged request can put a bad УНП; the staff's filter beside it
/// takes a typed УНП and is labelled as its errors name it.
fn exempt(template: &str, name: &str, key: &str) -> bool {
    template == "macros.html" && name == "unp" && key == "field-organization"
}

/// (input name, label key) of each `<label for="id">{{ tr.t("key") …` whose input has a name.
fn labelled_fields(source: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (at, _) in source.match_indices("<label for=\"") {
        let rest = &source[at + "<label for=\"".len()..];
        let Some((id, after)) = rest.split_once('"') else { continue };
        let Some(key) = after.strip_prefix(">{{ tr.t(\"").and_then(|k| k.split_once('"')).map(|(k, _)| k) else {
            continue;
        };
        if id.contains("{{") {
            continue;
        }
        let marker = format!("id=\"{id}\"");
        let Some(element) = source.match_indices(&marker).find_map(|(i, _)| {
            let start = source[..i].rfind('<')?;
            let end = i + source[i..].find('>')?;
            let tag = &source[start..end];
            (!tag.starts_with("<label")).then_some(tag)
        }) else {
            continue;
        };
        let Some(name) = element.split_once("name=\"").and_then(|(_, n)| n.split_once('"')).map(|(n, _)| n) else {
            continue;
        };
        out.push((name.to_string(), key.to_string()));
    }
    out
}

fn templates(dir: &Path, base: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            templates(&path, base, out);
        } else if path.extension().is_some_and(|e| e == "html") {
            let name = path.strip_prefix(base).unwrap().to_string_lossy().replace('\\', "/");
            out.push((name, std::fs::read_to_string(&path).unwrap()));
        }
    }
}

#[test]
fn every_error_names_its_field_as_the_form_labels_it() {
    let base = Path::new(env!("CARGO_MANIFEST_DIR")).join("templates");
    let mut all = Vec::new();
    templates(&base, &base, &mut all);
    let mut checked = 0;
    let mut wrong = Vec::new();
    for (template, source) in &all {
        let labels = labels_of(template);
        for (name, key) in labelled_fields(source) {
            let expected =
                labels.iter().find(|(f, _)| *f == name).map_or(format!("field-{name}"), |(_, k)| k.to_string());
            checked += 1;
            if key != expected && !exempt(template, &name, &key) {
                wrong.push(format!("{template}: «{name}» is labelled {key}, its errors say {expected}"));
            }
        }
    }
    assert!(checked > 50, "the templates' labels were found ({checked})");
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn a_consent_box_is_named_by_the_words_next_to_it() {
    for lang in Lang::ALL {
        let tr = Tr::new(lang);
        for (field, before, link) in [
            ("accept_personal_data", "consent-personal-data-before", "consent-personal-data-link"),
            ("accept_terms", "consent-terms-before", "consent-terms-link"),
        ] {
            let shown = format!("{} {}", tr.t(before), tr.t(link));
            assert_eq!(shown, tr.t(&format!("field-{field}")), "{lang:?}: the error names «{shown}»");
        }
    }
}

#[test]
fn the_labels_are_found_as_they_are_written() {
    let source = r#"<label for="body">{{ tr.t("field-reply") }}</label>
        <textarea id="body" name="body"></textarea>
        <label for="bulk-status">{{ tr.t("field-status") }}</label><select id="bulk-status" name="status">
        <label for="rating-{{ n }}">{{ label }}</label>"#;
    assert_eq!(
        labelled_fields(source),
        vec![("body".into(), "field-reply".into()), ("status".into(), "field-status".into())]
    );
}
