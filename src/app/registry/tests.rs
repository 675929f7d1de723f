use super::*;

fn codes(line: &RegistryLine) -> Vec<(&'static str, &'static str)> {
    match &line.outcome {
        Ok(_) => vec![],
        Err(errors) => errors.iter().map(|e| (e.field, e.code)).collect(),
    }
}

#[test]
fn excel_in_windows_1251_with_semicolons_and_russian_headers() {
    let text = "УНП;Наименование;Адрес;Номер договора;Дата договора\r\n\
                100582333;ООО «Ромашка»;г. Минск, ул. Ленина, 1;Д-17;15.01.2024\r\n\
                190542056;ЧУП \"Василёк\";г. Гродно;;\r\n";
    let (bytes, _, _) = encoding_rs::WINDOWS_1251.encode(text);
    let preview = read_registry(&bytes).unwrap();
    assert_eq!(preview.encoding, TextEncoding::Windows1251);
    assert_eq!(preview.separator, ';');
    let valid = preview.valid();
    assert_eq!(valid.len(), 2);
    assert_eq!(valid[0].full_name, "ООО «Ромашка»");
    assert_eq!(valid[0].address, "г. Минск, ул. Ленина, 1", "a comma inside a ;-separated cell stays");
    assert_eq!(valid[0].contract_date.as_deref(), Some("2024-01-15"));
    assert_eq!(valid[1].full_name, "ЧУП \"Василёк\"");
    assert_eq!(valid[1].contract_number, None);
}

#[test]
fn utf8_with_and_without_a_bom_and_commas() {
    let text = "unp,name,address,contract_number,contract_date\n100582333,НЦЭУ,Минск,Д-1,2024-01-01\n";
    for bytes in [text.as_bytes().to_vec(), [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat()] {
        let preview = read_registry(&bytes).unwrap();
        assert_eq!(preview.encoding, TextEncoding::Utf8);
        assert_eq!(preview.separator, ',');
        assert_eq!(preview.valid()[0].unp, "100582333", "the BOM does not stick to the first header");
    }
}

#[test]
fn every_line_is_checked_and_kept_with_its_errors() {
    let text = "unp;name;address;contract_number;contract_date\n\
                100582330;Неверная контрольная цифра;;;\n\
                100582333;Первая;;;\n\
                ;Без УНП;;;\n\
                \n\
                УНП 100582333;Повтор;;;\n\
                190542056;;;;\n\
                191111111;Дата;;;32.13.2024\n";
    let preview = read_registry(text.as_bytes()).unwrap();
    let by_line: Vec<(usize, Vec<(&str, &str)>)> = preview.lines.iter().map(|l| (l.line, codes(l))).collect();
    assert_eq!(
        by_line,
        vec![
            (2, vec![("unp", "unp_check_digit")]),
            (3, vec![]),
            (4, vec![("unp", "required")]),
            (6, vec![("unp", "duplicate_in_file")]),
            (7, vec![("name", "required")]),
            (8, vec![("unp", "unp_check_digit"), ("contract_date", "invalid_date")]),
        ]
    );
    assert_eq!(preview.valid().len(), 1);
    assert_eq!(preview.refused().count(), 5);
    assert_eq!(preview.lines[0].unp_text, "100582330", "the preview shows what was written");
}

#[test]
fn a_file_without_a_header_is_read_in_the_usual_order() {
    let preview = read_registry("100582333,НЦЭУ,Минск,,\n".as_bytes()).unwrap();
    assert_eq!(preview.valid()[0].full_name, "НЦЭУ");
    assert_eq!(preview.lines[0].line, 1);
}

#[test]
fn what_is_no_registry_at_all() {
    assert_eq!(read_registry(b"").unwrap_err(), FieldError::new("file", "empty"));
    assert_eq!(read_registry("a,b\nc,d\n".as_bytes()).unwrap_err(), FieldError::new("file", "no_unp_column"));
}

#[test]
fn contract_dates_in_both_spellings() {
    assert_eq!(contract_date("2024-02-29"), Ok("2024-02-29".into()));
    assert_eq!(contract_date("01.03.2024"), Ok("2024-03-01".into()));
    assert!(contract_date("2023-02-29").is_err());
    assert!(contract_date("1.3.24").is_err());
}
