//! Strings of at most 31 bytes packed in one storage word, like OpenZeppelin's `ShortStrings`:
//! the bytes left-aligned, the length in the last byte. Token names and symbols fit; storing
//! them this way avoids the SDK's `StorageString` code (several KB of WASM).

use alloc::{string::String, vec::Vec};

use alloy_primitives::B256;

/// Longest string that fits, in bytes.
pub const MAX_SHORT_STRING_LEN: usize = 31;

/// Packs `s`; `None` if it is longer than [`MAX_SHORT_STRING_LEN`] bytes.
pub fn pack(s: &str) -> Option<B256> {
    let bytes = s.as_bytes();
    if bytes.len() > MAX_SHORT_STRING_LEN {
        return None;
    }
    let mut word = [0u8; 32];
    word[..bytes.len()].copy_from_slice(bytes);
    word[31] = bytes.len() as u8;
    Some(B256::from(word))
}

/// Unpacks a word written by [`pack`]. A word that is not such a packing (bad length or
/// invalid UTF-8, which `pack` never writes) unpacks to the empty string.
pub fn unpack(word: B256) -> String {
    let len = usize::from(word[31]);
    if len > MAX_SHORT_STRING_LEN {
        return String::new();
    }
    let bytes: Vec<u8> = word[..len].to_vec();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn round_trips_up_to_31_bytes_and_refuses_more() {
        assert_eq!(unpack(pack("").unwrap()), "");
        assert_eq!(unpack(pack("Backstop bUSD").unwrap()), "Backstop bUSD");
        let max = "x".repeat(31);
        assert_eq!(unpack(pack(&max).unwrap()), max);
        assert_eq!(pack(&"x".repeat(32)), None);
    }

    #[test]
    fn a_word_that_is_not_a_packing_unpacks_to_empty() {
        let mut w = [0u8; 32];
        w[31] = 32;
        assert_eq!(unpack(B256::from(w)), "");
        let mut w = [0u8; 32];
        w[0] = 0xff;
        w[31] = 1;
        assert_eq!(unpack(B256::from(w)), "");
    }

    proptest! {
        #[test]
        fn any_short_string_round_trips(s in "\\PC{0,10}") {
            match pack(&s) {
                Some(word) => prop_assert_eq!(unpack(word), s),
                None => prop_assert!(s.len() > MAX_SHORT_STRING_LEN),
            }
        }
    }
}
