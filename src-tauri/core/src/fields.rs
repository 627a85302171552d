//! The shapes of single values a coordinator types or a spreadsheet holds: dates, emails,
//! phone numbers, colours, yes/no. One place, so the forms, the imports and the command line
//! accept and refuse exactly the same things, with the same words.

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, NaiveTime};

use crate::error::Problem;

/// Reads a date written as YYYY-MM-DD (also with a time after it), or the US M/D/YYYY.
/// Day-first dates are refused rather than guessed: 03/04/2025 is March 4.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let text = text.trim();
    // The first ten bytes, when they are whole characters: a shorter text (a three-digit
    // year, "202-03-02") is no ISO date, and slicing past its end would panic (found by
    // fuzzing the roster import).
    if let Some((iso, rest)) = text.get(..10).zip(text.get(10..)) {
        if let Ok(date) = NaiveDate::parse_from_str(iso, "%Y-%m-%d") {
            if rest.is_empty() || rest.starts_with(['T', ' ']) {
                return Ok(date);
            }
        }
    }
    if let Ok(date) = NaiveDate::parse_from_str(text, "%m/%d/%Y") {
        return Ok(date);
    }
    Err(format!(
        "\"{}\" is not a date: write it as YYYY-MM-DD (e.g. 2025-03-14) or MM/DD/YYYY",
        shorten(text)
    ))
}

/// Reads a local date and time: ISO 8601 (`2026-11-20T14:05`, seconds optional, a space for
/// the T, an offset or Z converted to the workstation's time), the US `11/20/2026 2:05 PM` or
/// `11/20/2026 14:05:33` of web-form exports, or a date alone (midnight).
pub fn parse_date_time(text: &str) -> Result<NaiveDateTime, String> {
    let text = text.trim();
    if let Ok(with_offset) = DateTime::parse_from_rfc3339(text) {
        return Ok(with_offset.with_timezone(&Local).naive_local());
    }
    const FORMATS: [&str; 8] = [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
        "%m/%d/%Y %H:%M:%S",
        "%m/%d/%Y %H:%M",
        "%m/%d/%Y %I:%M:%S %p",
        "%m/%d/%Y %I:%M %p",
    ];
    for format in FORMATS {
        if let Ok(at) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(at);
        }
    }
    if text.len() <= 10 {
        if let Ok(date) = parse_date(text) {
            return Ok(date.and_time(NaiveTime::MIN));
        }
    }
    Err(format!(
        "\"{}\" is not a date and time: write it as YYYY-MM-DDTHH:MM (e.g. 2026-11-20T14:05) or MM/DD/YYYY HH:MM",
        shorten(text)
    ))
}

/// A date that must not lie after `today` (training dates, materials sent). The error says
/// which it is: not a date (`Format`) or a date in the future (`OutOfRange`).
pub fn parse_past_date(text: &str, today: NaiveDate) -> Result<NaiveDate, (Problem, String)> {
    let date = parse_date(text).map_err(|message| (Problem::Format, message))?;
    if date > today {
        return Err((Problem::OutOfRange, format!("{date} is in the future")));
    }
    Ok(date)
}

/// A plausible email address: one @, something before it, a dotted domain after it, no
/// spaces. Deliberately loose: the aim is to catch typos, not to implement RFC 5322.
pub fn check_email(text: &str) -> Result<String, String> {
    let text = text.trim();
    let valid = match text.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !text.chars().any(|c| c.is_whitespace() || c.is_control())
        }
        None => false,
    };
    if valid && text.len() <= 254 {
        Ok(text.to_string())
    } else {
        Err(format!(
            "\"{}\" is not an email address (like name@hospital.org)",
            shorten(text)
        ))
    }
}

/// A phone number or extension: digits with the usual separators (+ ( ) - . space), an
/// optional extension ("x1234" or "ext. 1234"), 3 to 15 digits in all.
pub fn check_phone(text: &str) -> Result<String, String> {
    let text = text.trim();
    let lower = text.to_lowercase();
    let (number, extension) = match lower.find(['x', 'e']) {
        Some(at) => (&lower[..at], Some(&lower[at..])),
        None => (lower.as_str(), None),
    };
    let number_ok = !number.trim().is_empty()
        && number
            .chars()
            .all(|c| c.is_ascii_digit() || " +()-./".contains(c));
    let extension_ok = extension.is_none_or(|ext| {
        let digits = ext
            .trim_start_matches("extension")
            .trim_start_matches("ext")
            .trim_start_matches('x')
            .trim_start_matches(['.', ':', ' ']);
        !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
    });
    let digits = text.chars().filter(char::is_ascii_digit).count();
    if number_ok && extension_ok && (3..=15).contains(&digits) {
        Ok(text.to_string())
    } else {
        Err(format!(
            "\"{}\" is not a phone number (digits, spaces, + ( ) - and an optional x1234)",
            shorten(text)
        ))
    }
}

/// A colour as #RRGGBB, returned in upper case.
pub fn check_color(text: &str) -> Result<String, String> {
    let text = text.trim();
    let hex = text.strip_prefix('#').unwrap_or("");
    if hex.len() == 6 && hex.chars().all(|c| c.is_ascii_hexdigit()) {
        Ok(format!("#{}", hex.to_uppercase()))
    } else {
        Err(format!(
            "\"{}\" is not a colour: write a colour code such as #2F6F8F",
            shorten(text)
        ))
    }
}

/// yes/no in the ways spreadsheets write it; an empty cell is no.
pub fn parse_yes_no(text: &str) -> Result<bool, String> {
    match text.trim().to_lowercase().as_str() {
        "" | "no" | "n" | "false" | "0" | "-" => Ok(false),
        "yes" | "y" | "true" | "1" | "x" | "✓" => Ok(true),
        _ => Err(format!("\"{}\" is not yes or no", shorten(text))),
    }
}

/// Text as a person would want it kept: trimmed, inner runs of whitespace made one space,
/// control characters dropped. Empty becomes None.
pub fn clean_text(text: &str) -> Option<String> {
    let cleaned = text
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !c.is_control())
        .collect::<String>();
    (!cleaned.is_empty()).then_some(cleaned)
}

/// At most 40 characters of a value quoted in a message, so a pasted essay stays readable.
pub fn shorten(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(40).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// The day at the start of `text` ("2026-11-23" or "2026-11-23T09:05:00"), read digit by
/// digit: matching reads four dates for each of 2,000 supporters at every ranking, the
/// export one for each of 200,000 outreaches, and chrono's format parser costs ten times as
/// much.
pub fn iso_day(text: &str) -> Option<NaiveDate> {
    let bytes = text.as_bytes();
    if bytes.len() < 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        bytes[range].iter().try_fold(0u32, |n, b| {
            b.is_ascii_digit().then(|| n * 10 + u32::from(b - b'0'))
        })
    };
    let year = i32::try_from(number(0..4)?).ok()?;
    NaiveDate::from_ymd_opt(year, number(5..7)?, number(8..10)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn dates_are_iso_or_us_and_nothing_else() {
        assert_eq!(
            parse_date("2025-03-04"),
            Ok(day("2025-03-04")),
            "an ISO date is read as that day"
        );
        assert_eq!(
            parse_date(" 2025-03-04T00:00:00 "),
            Ok(day("2025-03-04")),
            "an ISO date with a midnight time and spaces around is read as that day"
        );
        assert_eq!(
            parse_date("3/4/2025"),
            Ok(day("2025-03-04")),
            "a US month/day/year date is read as March 4"
        );
        assert_eq!(
            parse_date("03/04/2025"),
            Ok(day("2025-03-04")),
            "a zero-padded US date is read as March 4"
        );
        for bad in [
            "04.03.2025",
            "2025-13-01",
            "yesterday",
            "",
            "2025-03-04junk",
            "31/12/2025",
            "202-03-02",
            "2025-03-0é",
            "2025-03-€4",
        ] {
            let error = parse_date(bad).expect_err(bad);
            assert!(error.contains("YYYY-MM-DD"), "{bad}: {error}");
        }
    }

    #[test]
    fn future_dates_are_refused_where_the_past_is_meant() {
        let today = day("2026-01-10");
        assert!(
            parse_past_date("2026-01-10", today).is_ok(),
            "today counts as a past date"
        );
        let (code, message) = parse_past_date("2026-01-11", today).expect_err("future");
        assert_eq!(code, Problem::OutOfRange, "a future date is out of range");
        assert!(message.contains("in the future"), "{message}");
        let (code, _) = parse_past_date("soon", today).expect_err("not a date");
        assert_eq!(code, Problem::Format, "a word is not the shape of a date");
    }

    #[test]
    fn emails_catch_typos() {
        assert_eq!(
            check_email(" a.b@h.org "),
            Ok("a.b@h.org".into()),
            "an email is accepted with the spaces around it trimmed"
        );
        for bad in [
            "a.b",
            "a@b",
            "@h.org",
            "a@@h.org",
            "a b@h.org",
            "a@h.org.",
            "a@.org",
        ] {
            assert!(check_email(bad).is_err(), "{bad} refused");
        }
    }

    #[test]
    fn phones_allow_extensions() {
        for good in [
            "555-0123",
            "+1 (555) 010-2000",
            "555-0123 x1234",
            "4412",
            "555.0123 ext. 12",
        ] {
            assert!(check_phone(good).is_ok(), "{good} accepted");
        }
        for bad in ["call me", "12", "555-0123 x", "=1+1", "1234567890123456"] {
            assert!(check_phone(bad).is_err(), "{bad} refused");
        }
    }

    #[test]
    fn colours_and_yes_no() {
        assert_eq!(
            check_color("#2f6f8f"),
            Ok("#2F6F8F".into()),
            "a hex colour is accepted and upper-cased"
        );
        assert!(
            check_color("2f6f8f").is_err(),
            "a colour without the leading # is refused"
        );
        assert!(
            check_color("#2f6f8").is_err(),
            "a colour with five hex digits is refused"
        );
        assert_eq!(parse_yes_no("Yes"), Ok(true), "Yes reads as true");
        assert_eq!(
            parse_yes_no(""),
            Ok(false),
            "an empty yes/no cell reads as false"
        );
        assert!(
            parse_yes_no("maybe").is_err(),
            "maybe is refused as a yes/no value"
        );
    }

    #[test]
    fn text_is_tidied() {
        assert_eq!(
            clean_text("  Ana \t  Lima\n"),
            Some("Ana Lima".into()),
            "runs of spaces and tabs collapse and the ends are trimmed"
        );
        assert_eq!(
            clean_text(" \u{7} "),
            None,
            "text of only spaces and control characters is no value"
        );
        assert_eq!(
            shorten(&"x".repeat(50)).chars().count(),
            41,
            "a quoted value is cut to 40 characters plus an ellipsis"
        );
    }

    #[test]
    fn a_stored_day_is_read_from_a_date_or_a_stamp_and_nothing_else() {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 23);
        assert_eq!(iso_day("2026-11-23"), day, "a date");
        assert_eq!(iso_day("2026-11-23T09:05:00"), day, "a stamp's day");
        for text in [
            "",
            "2026-11-2",
            "2026/11/23",
            "2026-13-01",
            "2026-02-30",
            "20x6-11-23",
            "né-11-2345",
        ] {
            assert_eq!(iso_day(text), None, "{text:?} is no day");
        }
    }
}
