//! Human amounts (`1000.5`) to and from base units, with the asset's decimals.

use alloy::primitives::U256;

use crate::{Error, Result};

/// Parses `text` (digits, an optional `.` and at most `decimals` fractional digits, `_` allowed as
/// a separator) into base units. More fractional digits than the token has is an error, never a
/// silent truncation.
pub fn parse_amount(text: &str, decimals: u8) -> Result<U256> {
    let invalid = |why: &str| Error::InvalidAmount {
        input: text.to_string(),
        reason: why.to_string(),
    };
    let cleaned: String = text.trim().chars().filter(|c| *c != '_').collect();
    let (whole, frac) = match cleaned.split_once('.') {
        Some((w, f)) => (w, f),
        None => (cleaned.as_str(), ""),
    };
    if whole.is_empty() && frac.is_empty() {
        return Err(invalid("empty amount"));
    }
    if !whole
        .chars()
        .chain(frac.chars())
        .all(|c| c.is_ascii_digit())
    {
        return Err(invalid("only digits and one '.' are allowed"));
    }
    if frac.len() > usize::from(decimals) {
        return Err(invalid(&format!(
            "more than {decimals} decimal places (the asset's precision)"
        )));
    }
    let padded = format!(
        "{}{}{}",
        if whole.is_empty() { "0" } else { whole },
        frac,
        "0".repeat(usize::from(decimals) - frac.len())
    );
    U256::from_str_radix(&padded, 10).map_err(|_| invalid("too large"))
}

/// Formats base units with `decimals`, trimming trailing fractional zeros (`1000.5`, `12`).
pub fn format_amount(value: U256, decimals: u8) -> String {
    let digits = value.to_string();
    let decimals = usize::from(decimals);
    if decimals == 0 {
        return group(&digits);
    }
    let padded = if digits.len() <= decimals {
        format!("{}{}", "0".repeat(decimals + 1 - digits.len()), digits)
    } else {
        digits
    };
    let (whole, frac) = padded.split_at(padded.len() - decimals);
    let frac = frac.trim_end_matches('0');
    if frac.is_empty() {
        group(whole)
    } else {
        format!("{}.{}", group(whole), frac)
    }
}

/// `1234567` -> `1,234,567`.
fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Formats a duration in seconds as `3d 4h 5m 6s` (zero parts left out).
pub fn format_duration(seconds: u64) -> String {
    if seconds == 0 {
        return "0s".into();
    }
    let parts = [
        (seconds / 86_400, "d"),
        (seconds % 86_400 / 3_600, "h"),
        (seconds % 3_600 / 60, "m"),
        (seconds % 60, "s"),
    ];
    parts
        .iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, unit)| format!("{n}{unit}"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `seconds` to its two largest units, rounded down: `364d 23h`, `5m 3s`, `2s`.
pub fn format_duration_approx(seconds: u64) -> String {
    let full = format_duration(seconds);
    full.split(' ').take(2).collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_whole_and_fractional_amounts() {
        assert_eq!(
            parse_amount("1000.5", 6).unwrap(),
            U256::from(1_000_500_000u64)
        );
        assert_eq!(parse_amount("1_000", 2).unwrap(), U256::from(100_000u64));
        assert_eq!(parse_amount(".25", 2).unwrap(), U256::from(25u64));
        assert_eq!(parse_amount("7", 0).unwrap(), U256::from(7u64));
    }

    #[test]
    fn refuses_excess_precision_and_garbage() {
        assert!(parse_amount("1.234", 2).is_err());
        assert!(parse_amount("1.2.3", 6).is_err());
        assert!(parse_amount("-1", 6).is_err());
        assert!(parse_amount("", 6).is_err());
        assert!(parse_amount("1e6", 6).is_err());
        assert!(parse_amount(&"9".repeat(80), 0).is_err());
    }

    #[test]
    fn formats_and_round_trips() {
        assert_eq!(format_amount(U256::from(1_000_500_000u64), 6), "1,000.5");
        assert_eq!(format_amount(U256::from(5u64), 6), "0.000005");
        assert_eq!(format_amount(U256::ZERO, 6), "0");
        assert_eq!(format_amount(U256::from(1_234_567u64), 0), "1,234,567");
        for (text, d) in [("1000.5", 6u8), ("0.000001", 6), ("42", 18)] {
            let v = parse_amount(text, d).unwrap();
            assert_eq!(format_amount(v, d).replace(',', ""), text);
        }
    }

    #[test]
    fn formats_durations() {
        assert_eq!(format_duration(0), "0s");
        assert_eq!(format_duration(90_061), "1d 1h 1m 1s");
        assert_eq!(format_duration_approx(90_061), "1d 1h");
        assert_eq!(format_duration_approx(365 * 86_400 - 2), "364d 23h");
        assert_eq!(format_duration_approx(2), "2s");
        assert_eq!(format_duration(3_600), "1h");
    }
}
