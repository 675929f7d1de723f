//! QR codes drawn on the server as SVG: the enrolment of a second factor shows its
//! `otpauth://` address this way, with no outside service and no script.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// An SVG of the text, with a quiet zone, that scales with the page (`width` 100 %, up to
/// `max_px`); `None` when the text is too long for any QR code.
pub fn qr_svg(text: &str, label: &str, max_px: u32) -> Option<String> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let drawn = code
        .render::<svg::Color>()
        .min_dimensions(200, 200)
        .dark_color(svg::Color("#000000"))
        .light_color(svg::Color("#ffffff"))
        .quiet_zone(true)
        .build();
    // The renderer writes fixed width and height; the page wants a picture that fits a phone
    // and has a name for screen readers.
    let label = label.replace('&', "&amp;").replace('<', "&lt;").replace('"', "&quot;");
    let open_end = drawn.find("<svg")? + 4;
    Some(format!(
        "{} role=\"img\" aria-label=\"{label}\" style=\"width:100%;max-width:{max_px}px;height:auto\"{}",
        &drawn[..open_end],
        &drawn[open_end..]
    ))
}

/// The dark modules, row by row: what a reader sees.
pub fn qr_modules(text: &str) -> Option<(usize, Vec<bool>)> {
    let code = QrCode::with_error_correction_level(text.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    Some((width, code.to_colors().into_iter().map(|c| c == qrcode::Color::Dark).collect()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Draws the modules at 4 px with a 4-module quiet zone and reads them back with rqrr.
    fn read_back(text: &str) -> String {
        let (width, dark) = qr_modules(text).unwrap();
        let (scale, quiet) = (4, 4);
        let side = (width + 2 * quiet) * scale;
        let mut img = rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| {
            let (mx, my) = ((x / scale).wrapping_sub(quiet), (y / scale).wrapping_sub(quiet));
            if mx < width && my < width && dark[my * width + mx] {
                0
            } else {
                255
            }
        });
        let grids = img.detect_grids();
        assert_eq!(grids.len(), 1);
        grids[0].decode().unwrap().1
    }

    #[test]
    fn an_enrolment_address_reads_back() {
        let uri = "otpauth://totp/Helpdesk:operator1?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=Helpdesk&algorithm=SHA1&digits=6&period=30";
        assert_eq!(read_back(uri), uri);
    }

    #[test]
    fn the_svg_fits_a_phone_and_has_a_name() {
        let svg = qr_svg("otpauth://totp/Helpdesk:a?secret=AAAA", "QR-код для приложения <&>", 240).unwrap();
        assert!(svg.starts_with("<?xml") || svg.starts_with("<svg"), "{}", &svg[..40]);
        assert!(svg.contains("role=\"img\" aria-label=\"QR-код для приложения &lt;&amp;>\""));
        assert!(svg.contains("max-width:240px"));
        assert!(svg.contains("<path"), "the modules are drawn");
        assert!(qr_svg(&"x".repeat(5000), "", 240).is_none(), "too long for a QR code");
    }
}
