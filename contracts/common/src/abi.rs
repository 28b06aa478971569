//! Hand-written Solidity ABI for entry points whose arguments and results are one-word values
//! (`uint256`, `uint64`, `uint8`, `bool`, `address`, `bytes32`, `bytes4`), `bytes` and `string`
//! arguments, arrays of one-word values, and `string` results.
//!
//! A contract with many entry points can serve them from its `#[fallback]` with these helpers
//! instead of the SDK's router, which instantiates alloy's generic decoder and encoder once per
//! entry point (about 480 bytes of WASM each). Decoding is as strict as alloy's validating
//! decoder: a word read as an `address` or `uint64` must be zero-padded, a `string` must be UTF-8,
//! and every word, offset and length must be inside the calldata (extra trailing calldata is
//! ignored, as in Solidity).

use alloc::vec::Vec;

use alloy_primitives::{Address, FixedBytes, B256, U256};

/// The first four bytes of `keccak256(signature)`, e.g. `selector("transfer(address,uint256)")`.
pub const fn selector(signature: &str) -> [u8; 4] {
    let hash = keccak_const::Keccak256::new()
        .update(signature.as_bytes())
        .finalize();
    [hash[0], hash[1], hash[2], hash[3]]
}

/// Splits calldata into its selector and its arguments; `None` if shorter than a selector.
pub fn split(calldata: &[u8]) -> Option<([u8; 4], Args<'_>)> {
    let (selector, args) = calldata.split_first_chunk::<4>()?;
    Some((*selector, Args(args)))
}

/// The arguments of a call (calldata without its selector), read word by word.
#[derive(Clone, Copy)]
pub struct Args<'a>(&'a [u8]);

impl<'a> Args<'a> {
    /// The raw argument bytes.
    pub fn raw(&self) -> &'a [u8] {
        self.0
    }

    /// The 32 bytes at byte offset `at`, if they are all inside the calldata.
    #[inline(never)]
    pub fn word(&self, at: usize) -> Option<[u8; 32]> {
        let end = at.checked_add(32)?;
        self.0.get(at..end)?.try_into().ok()
    }

    /// Head word `i`.
    pub fn head(&self, i: usize) -> Option<[u8; 32]> {
        self.word(i.checked_mul(32)?)
    }

    /// Head word `i` as a `uint256`.
    #[inline(never)]
    pub fn uint(&self, i: usize) -> Option<U256> {
        self.head(i).map(U256::from_be_bytes)
    }

    /// Head word `i` as a `bytes32`.
    #[inline(never)]
    pub fn b256(&self, i: usize) -> Option<B256> {
        self.head(i).map(B256::from)
    }

    /// Head word `i` as an `address` (the upper 12 bytes must be zero).
    #[inline(never)]
    pub fn address(&self, i: usize) -> Option<Address> {
        as_address(&self.head(i)?)
    }

    /// Head word `i` as a `bool` (0 or 1, as alloy's validating decoder requires).
    #[inline(never)]
    pub fn bool(&self, i: usize) -> Option<bool> {
        let w = self.head(i)?;
        let (high, low) = w.split_at(31);
        (high.iter().all(|&b| b == 0) && low[0] <= 1).then_some(low[0] == 1)
    }

    /// Head word `i` as a `bytes4` (left-aligned: the lower 28 bytes must be zero).
    pub fn bytes4(&self, i: usize) -> Option<FixedBytes<4>> {
        as_bytes4(&self.head(i)?)
    }

    /// Head word `i` as a `uint64` (the upper 24 bytes must be zero).
    #[inline(never)]
    pub fn u64(&self, i: usize) -> Option<u64> {
        let w = self.head(i)?;
        let (high, low) = w.split_at(24);
        high.iter()
            .all(|&b| b == 0)
            .then(|| u64::from_be_bytes(low.try_into().unwrap_or_default()))
    }

    /// The word at byte offset `at` read as an offset or a length: it must not exceed the
    /// calldata's size (a larger one could never point at data inside it).
    #[inline(never)]
    pub fn size_at(&self, at: usize) -> Option<usize> {
        let n: usize = U256::from_be_bytes(self.word(at)?).try_into().ok()?;
        (n <= self.0.len()).then_some(n)
    }

    /// The data of a `bytes` or `string` whose tail (length word, then data) starts at `at`.
    #[inline(never)]
    pub fn bytes_at(&self, at: usize) -> Option<&'a [u8]> {
        let len = self.size_at(at)?;
        let start = at.checked_add(32)?;
        self.0.get(start..start.checked_add(len)?)
    }

    /// The `bytes` whose offset is head word `i`.
    pub fn bytes(&self, i: usize) -> Option<&'a [u8]> {
        self.bytes_at(self.size_at(i.checked_mul(32)?)?)
    }

    /// The `string` whose offset is head word `i`; it must be UTF-8, as alloy's validating
    /// decoder requires.
    pub fn string(&self, i: usize) -> Option<&'a str> {
        core::str::from_utf8(self.bytes(i)?).ok()
    }

    /// The array of one-word elements (`address[]`, `uint256[]`, `bytes4[]`, ...) whose offset is
    /// head word `i`, as the byte offset of its first element and its length; the whole array
    /// must be inside the calldata.
    #[inline(never)]
    pub fn array(&self, i: usize) -> Option<(usize, usize)> {
        let at = self.size_at(i.checked_mul(32)?)?;
        let len = self.size_at(at)?;
        let start = at.checked_add(32)?;
        start
            .checked_add(len.checked_mul(32)?)
            .filter(|&end| end <= self.0.len())?;
        Some((start, len))
    }

    /// The array of one-word elements whose offset is head word `i`, each element read by
    /// `read` (e.g. [`as_address`]); `None` if any element is refused.
    pub fn list<T>(&self, i: usize, read: fn(&[u8; 32]) -> Option<T>) -> Option<Vec<T>> {
        let (at, len) = self.array(i)?;
        (0..len).map(|k| read(&self.word(at + 32 * k)?)).collect()
    }
}

/// A word read as an `address`: `None` unless the upper 12 bytes are zero.
#[inline(never)]
pub fn as_address(w: &[u8; 32]) -> Option<Address> {
    w[..12]
        .iter()
        .all(|&b| b == 0)
        .then(|| Address::from_slice(&w[12..]))
}

/// A word read as a `bytes4`: `None` unless the lower 28 bytes are zero.
#[inline(never)]
pub fn as_bytes4(w: &[u8; 32]) -> Option<FixedBytes<4>> {
    let (value, padding) = w.split_at(4);
    padding
        .iter()
        .all(|&b| b == 0)
        .then(|| FixedBytes::from_slice(value))
}

/// A word read as a `uint256`.
pub fn as_uint(w: &[u8; 32]) -> Option<U256> {
    Some(U256::from_be_bytes(*w))
}

/// A one-word ABI value.
pub trait Word {
    /// The value as its ABI word.
    fn word(self) -> U256;
}

impl Word for U256 {
    fn word(self) -> U256 {
        self
    }
}

impl Word for u64 {
    fn word(self) -> U256 {
        U256::from(self)
    }
}

impl Word for u8 {
    fn word(self) -> U256 {
        U256::from(self)
    }
}

impl Word for bool {
    fn word(self) -> U256 {
        U256::from(self as u8)
    }
}

impl Word for Address {
    fn word(self) -> U256 {
        self.into_word().into()
    }
}

impl Word for B256 {
    fn word(self) -> U256 {
        self.into()
    }
}

/// ABI encoding of a tuple of one-word values.
#[inline(never)]
pub fn encode_words(words: &[U256]) -> Vec<u8> {
    let mut out = Vec::with_capacity(32 * words.len());
    for w in words {
        out.extend_from_slice(&w.to_be_bytes::<32>());
    }
    out
}

/// ABI encoding of a single `string` (or `bytes`) result: offset, length, zero-padded data.
#[inline(never)]
pub fn encode_string(s: &[u8]) -> Vec<u8> {
    let mut out = encode_words(&[U256::from(32), U256::from(s.len())]);
    out.extend_from_slice(s);
    out.resize(out.len() + (32 - s.len() % 32) % 32, 0);
    out
}

/// The selector the SDK's deployer calls a constructor with: `stylus_constructor()`. A router
/// that serves it marks the SDK's constructor guard slot (`store::Store::mark_constructed`) first,
/// as the SDK's router does.
pub const CONSTRUCTOR: [u8; 4] = selector("stylus_constructor()");

/// Emits a contract's `#[public]` impl for a contract served by a hand-written router:
///
/// - in the ABI export build, the `constructor` (marked `#[constructor]` here), the optional
///   `common` items (a `#[receive]`) and every entry point as typed `#[public]` methods, so the
///   exported interface lists them;
/// - in the WASM build, the `common` items and the `wasm` items (the `#[fallback]` that calls the
///   router) in `#[public]`, and the constructor and the entry points as ordinary methods that the
///   router and the native tests call (the router serves [`CONSTRUCTOR`] too, so no generic
///   decoder is instantiated for the constructor's arguments);
/// - the optional `abi_only` items only in the export build, for entry points that need one of
///   `#[public]`'s own attributes (`#[payable]`, `#[selector]`), which an ordinary method cannot
///   carry: the contract then defines their ordinary twins itself.
///
/// The router and the entry points are compiled in both builds, so a test build with
/// `export-abi` on (the workspace's, since `tools/abi` exports from it) runs the same tests.
/// The `#[public]` attribute comes from the invocation (its first tokens), like every token of
/// the methods, so the code the SDK's macro generates resolves its names in the contract's crate.
///
/// ```ignore
/// routed_public_impl! {
/// #[public]
/// impl MyContract
/// constructor { pub fn constructor(&mut self, value: U256) { .. } }
/// entry_points { pub fn value(&self) -> U256 { .. } }
/// wasm { #[fallback] pub fn fallback(&mut self, input: &[u8]) -> ArbResult { self.route(input) } }
/// }
/// ```
#[macro_export]
macro_rules! routed_public_impl {
    ($pound:tt $public:tt
     impl $contract:ident
     constructor { $($ctor:tt)* }
     $(common { $($common:tt)* })?
     entry_points { $($entry:tt)* }
     $(abi_only { $($abi:tt)* })?
     wasm { $($wasm:tt)* }) => {
        #[cfg(feature = "export-abi")]
        $pound $public
        impl $contract {
            #[constructor]
            $($ctor)*
            $($($common)*)?
            $($entry)*
            $($($abi)*)?
        }

        #[cfg(not(feature = "export-abi"))]
        $pound $public
        impl $contract {
            $($($common)*)?
            $($wasm)*
        }

        #[cfg(not(feature = "export-abi"))]
        impl $contract {
            $($ctor)*
            $($entry)*
        }
    };
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::address;

    fn args(words: &[[u8; 32]]) -> Vec<u8> {
        words.concat()
    }

    #[test]
    fn selector_matches_known_values() {
        assert_eq!(
            selector("transfer(address,uint256)"),
            [0xa9, 0x05, 0x9c, 0xbb]
        );
        assert_eq!(selector("balanceOf(address)"), [0x70, 0xa0, 0x82, 0x31]);
    }

    #[test]
    fn split_needs_four_bytes() {
        assert!(split(&[1, 2, 3]).is_none());
        let (sel, a) = split(&[1, 2, 3, 4, 5]).unwrap();
        assert_eq!(sel, [1, 2, 3, 4]);
        assert_eq!(a.raw(), &[5]);
    }

    #[test]
    fn reads_words_strictly() {
        let who = address!("00000000000000000000000000000000000a11ce");
        let mut dirty = who.into_word().0;
        dirty[0] = 1;
        let mut big = [0u8; 32];
        big[23] = 1;
        let data = args(&[
            who.into_word().0,
            dirty,
            U256::from(7u64).to_be_bytes(),
            big,
        ]);
        let a = Args(&data);
        assert_eq!(a.address(0), Some(who));
        assert_eq!(a.address(1), None);
        assert_eq!(a.u64(2), Some(7));
        assert_eq!(a.uint(2), Some(U256::from(7u64)));
        assert_eq!(a.u64(3), None, "a uint64 must be zero-padded");
        assert_eq!(a.uint(4), None, "past the end of the calldata");
        assert_eq!(
            Args(&data[..127]).uint(3),
            None,
            "a partial word is not a word"
        );
        assert_eq!(a.head(usize::MAX), None);
    }

    #[test]
    fn reads_bools_and_bytes4_strictly() {
        let mut one = [0u8; 32];
        one[31] = 1;
        let mut two = [0u8; 32];
        two[31] = 2;
        let mut selector = [0u8; 32];
        selector[..4].copy_from_slice(&[0xde, 0xad, 0xbe, 0xef]);
        let mut dirty = selector;
        dirty[4] = 1;
        let data = args(&[[0u8; 32], one, two, selector, dirty]);
        let a = Args(&data);
        assert_eq!(a.bool(0), Some(false));
        assert_eq!(a.bool(1), Some(true));
        assert_eq!(a.bool(2), None, "a bool is 0 or 1");
        assert_eq!(a.bytes4(3), Some(FixedBytes([0xde, 0xad, 0xbe, 0xef])));
        assert_eq!(
            a.bytes4(4),
            None,
            "a bytes4 must be right-padded with zeros"
        );
        assert_eq!(a.bool(5), None);
    }

    #[test]
    fn constructor_selector_is_the_sdks() {
        assert_eq!(
            CONSTRUCTOR,
            stylus_sdk::abi::CONSTRUCTOR_SELECTOR.to_be_bytes()
        );
    }

    #[test]
    fn reads_the_dynamic_arguments_alloy_encodes() {
        use stylus_sdk::alloy_sol_types::SolValue;
        let who = address!("00000000000000000000000000000000000a11ce");
        let data = (
            String::from("Backstop USDC"),
            who,
            vec![who, Address::ZERO],
            alloy_primitives::Bytes::from(vec![1, 2, 3]),
            String::new(),
        )
            .abi_encode_params();
        let a = Args(&data);
        assert_eq!(a.string(0), Some("Backstop USDC"));
        assert_eq!(a.address(1), Some(who));
        let (at, len) = a.array(2).unwrap();
        assert_eq!(len, 2);
        assert_eq!(as_address(&a.word(at).unwrap()), Some(who));
        assert_eq!(as_address(&a.word(at + 32).unwrap()), Some(Address::ZERO));
        assert_eq!(a.list(2, as_address), Some(vec![who, Address::ZERO]));
        assert_eq!(a.list(2, as_bytes4), None, "an address is not a bytes4");
        assert_eq!(a.bytes(3), Some(&[1u8, 2, 3][..]));
        assert_eq!(a.string(4), Some(""));
    }

    #[test]
    fn refuses_dynamic_arguments_that_leave_the_calldata() {
        let word = |n: usize| U256::from(n).to_be_bytes::<32>();
        // head: offset 32; tail: length 5, then only 4 bytes of data.
        let mut short = args(&[word(32), word(5)]);
        short.extend_from_slice(b"abcd");
        assert_eq!(Args(&short).bytes(0), None);
        short.push(b'e');
        assert_eq!(Args(&short).string(0), Some("abcde"));
        // An offset past the end, and one too large for a usize.
        assert_eq!(Args(&args(&[word(64), word(0)])).bytes(0), None);
        assert_eq!(Args(&args(&[[0xff; 32]])).bytes(0), None);
        // An array of 2 words with only 1 present.
        let array = args(&[word(32), word(2), word(7)]);
        assert_eq!(Args(&array).array(0), None);
        assert_eq!(
            Args(&args(&[word(32), word(1), word(7)])).array(0),
            Some((64, 1))
        );
        // A string must be UTF-8.
        let mut latin1 = args(&[word(32), word(1)]);
        latin1.push(0xe9);
        assert_eq!(Args(&latin1).bytes(0), Some(&[0xe9u8][..]));
        assert_eq!(Args(&latin1).string(0), None);
    }

    proptest::proptest! {
        #[test]
        fn dynamic_readers_never_panic(data in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200), i in 0usize..4) {
            let a = Args(&data);
            let _ = (a.bytes(i), a.string(i), a.array(i));
            if let Some((at, len)) = a.array(i) {
                proptest::prop_assert!(at + 32 * len <= data.len());
            }
        }
    }

    #[test]
    fn encodes_words_and_strings() {
        let out = encode_words(&[true.word(), 5u8.word(), u64::MAX.word()]);
        assert_eq!(out.len(), 96);
        assert_eq!(out[31], 1);
        assert_eq!(out[63], 5);
        assert_eq!(&out[88..96], &[0xff; 8]);

        let s = encode_string(b"Backstop");
        assert_eq!(s.len(), 96);
        assert_eq!(U256::from_be_slice(&s[..32]), U256::from(32));
        assert_eq!(U256::from_be_slice(&s[32..64]), U256::from(8));
        assert_eq!(&s[64..72], b"Backstop");
        assert!(s[72..].iter().all(|&b| b == 0));
        assert_eq!(encode_string(b"").len(), 64);
        assert_eq!(encode_string(&[7; 32]).len(), 96);
    }
}
