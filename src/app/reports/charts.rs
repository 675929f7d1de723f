//! Charts drawn on the server as SVG: readable without JavaScript, scaled to the width of the
//! page (a `viewBox`, no fixed size), coloured by CSS classes so that they follow the page's
//! colours; the numbers are always in a table beside them. Pure.

/// Escapes text for SVG (XML) content and attributes.
fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A round top for the value axis: 1, 2, 5 × 10ⁿ at or above `max`.
fn axis_top(max: i64) -> i64 {
    let mut step = 1;
    loop {
        for m in [1, 2, 5] {
            if m * step >= max.max(1) {
                return m * step;
            }
        }
        step *= 10;
    }
}

const WIDTH: f64 = 640.0;
const HEIGHT: f64 = 220.0;
const LEFT: f64 = 44.0;
const BOTTOM: f64 = 28.0;
const TOP: f64 = 10.0;

/// Columns per step for one or more series (`(name, values)`, one value per label), with a
/// legend when there are several. `title` names the chart for screen readers.
pub fn columns(title: &str, labels: &[String], series: &[(String, Vec<i64>)]) -> String {
    let max = series.iter().flat_map(|(_, v)| v.iter().copied()).max().unwrap_or(0);
    let top = axis_top(max);
    let plot_w = WIDTH - LEFT - 8.0;
    let plot_h = HEIGHT - TOP - BOTTOM;
    let steps = labels.len().max(1) as f64;
    let slot = plot_w / steps;
    let bar = (slot * 0.8 / series.len().max(1) as f64).max(1.0);
    let y = |v: i64| TOP + plot_h - plot_h * v as f64 / top as f64;
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-label="{}" preserveAspectRatio="xMidYMid meet">"#,
        xml(title)
    );
    for v in [0, top / 2, top] {
        svg.push_str(&format!(
            r#"<line class="grid" x1="{LEFT}" x2="{}" y1="{y:.1}" y2="{y:.1}"/><text class="axis" x="{}" y="{:.1}" text-anchor="end">{v}</text>"#,
            WIDTH - 8.0,
            LEFT - 4.0,
            y(v) + 4.0,
            y = y(v)
        ));
    }
    // At most about twelve labels under the axis, evenly spaced.
    let every = labels.len().div_ceil(12).max(1);
    for (i, label) in labels.iter().enumerate() {
        let x0 = LEFT + slot * i as f64 + slot * 0.1;
        for (k, (name, values)) in series.iter().enumerate() {
            let v = values.get(i).copied().unwrap_or(0);
            let x = x0 + bar * k as f64;
            svg.push_str(&format!(
                r#"<rect class="s{k}" x="{x:.1}" y="{:.1}" width="{bar:.1}" height="{:.1}"><title>{}: {} — {v}</title></rect>"#,
                y(v),
                TOP + plot_h - y(v),
                xml(label),
                xml(name)
            ));
        }
        if i % every == 0 {
            svg.push_str(&format!(
                r#"<text class="axis" x="{:.1}" y="{:.1}" text-anchor="middle">{}</text>"#,
                LEFT + slot * (i as f64 + 0.5),
                HEIGHT - 10.0,
                xml(label)
            ));
        }
    }
    if series.len() > 1 {
        for (k, (name, _)) in series.iter().enumerate() {
            let x = LEFT + 8.0 + 150.0 * k as f64;
            svg.push_str(&format!(
                r#"<rect class="s{k}" x="{x}" y="{TOP}" width="10" height="10"/><text class="legend" x="{}" y="{}">{}</text>"#,
                x + 14.0,
                TOP + 9.0,
                xml(name)
            ));
        }
    }
    svg.push_str("</svg>");
    svg
}

/// Horizontal bars, one per item, largest first as given; long names are shortened (the table
/// beside has them whole).
pub fn bars(title: &str, items: &[(String, i64)]) -> String {
    let row = 22.0;
    let label_w = 190.0;
    let height = TOP + row * items.len().max(1) as f64;
    let top = axis_top(items.iter().map(|(_, v)| *v).max().unwrap_or(0));
    let plot_w = WIDTH - label_w - 60.0;
    let mut svg = format!(
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-label="{}" preserveAspectRatio="xMidYMid meet">"#,
        xml(title)
    );
    for (i, (name, v)) in items.iter().enumerate() {
        let y = TOP / 2.0 + row * i as f64;
        let short: String =
            if name.chars().count() > 30 { name.chars().take(29).chain(['…']).collect() } else { name.clone() };
        let w = plot_w * *v as f64 / top as f64;
        svg.push_str(&format!(
            r#"<text class="axis" x="{:.1}" y="{:.1}" text-anchor="end">{}</text><rect class="s0" x="{label_w}" y="{:.1}" width="{w:.1}" height="{:.1}"><title>{} — {v}</title></rect><text class="value" x="{:.1}" y="{:.1}">{v}</text>"#,
            label_w - 6.0,
            y + 14.0,
            xml(&short),
            y + 3.0,
            row - 6.0,
            xml(name),
            label_w + w + 4.0,
            y + 14.0
        ));
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_axis_ends_on_a_round_number() {
        assert_eq!(axis_top(0), 1);
        assert_eq!(axis_top(1), 1);
        assert_eq!(axis_top(3), 5);
        assert_eq!(axis_top(7), 10);
        assert_eq!(axis_top(11), 20);
        assert_eq!(axis_top(1370), 2000);
    }

    #[test]
    fn columns_have_one_bar_per_value_with_its_number() {
        let labels: Vec<String> = ["01.12", "02.12", "03.12"].map(String::from).to_vec();
        let svg = columns("Заявки", &labels, &[("Подано".into(), vec![4, 0, 10]), ("Решено".into(), vec![1, 2, 3])]);
        assert!(svg.starts_with("<svg class=\"chart\" viewBox=\"0 0 640 220\" role=\"img\" aria-label=\"Заявки\""));
        assert_eq!(svg.matches("<rect class=\"s0\"").count(), 3 + 1, "three bars and the legend's swatch");
        assert_eq!(svg.matches("<rect class=\"s1\"").count(), 3 + 1);
        assert!(svg.contains("<title>03.12: Подано — 10</title>"));
        assert!(svg.contains(">10</text>"), "the axis ends at 10");
        assert!(svg.ends_with("</svg>"));
    }

    #[test]
    fn one_series_has_no_legend_and_many_labels_are_thinned() {
        let labels: Vec<String> = (1..=60).map(|d| d.to_string()).collect();
        let svg = columns("x", &labels, &[("n".into(), vec![1; 60])]);
        assert!(!svg.contains("class=\"legend\""));
        let under_axis = svg.matches("text-anchor=\"middle\"").count();
        assert!((10..=12).contains(&under_axis), "{under_axis} labels");
    }

    #[test]
    fn names_are_escaped_and_shortened() {
        let svg =
            bars("Организации", &[("ООО «<script>» & очень длинное название организации".into(), 5), ("Б".into(), 2)]);
        assert!(!svg.contains("<script>"));
        assert!(svg.contains("&lt;script&gt;"));
        assert!(svg.contains("…</text>"), "shortened under its bar");
        assert!(
            svg.contains("<title>ООО «&lt;script&gt;» &amp; очень длинное название организации — 5</title>"),
            "whole in the tooltip"
        );
        assert_eq!(svg.matches("<rect").count(), 2);
    }
}
