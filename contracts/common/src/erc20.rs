//! Safe calls to an ERC-20 token through raw calls.
//!
//! A state-changing call (`transfer`, `transferFrom`, `mint`) succeeds when the call does not
//! revert and returns either nothing or an ABI-encoded `true`. It fails on an ABI `false`, on
//! return data that is neither empty nor a 32-byte boolean word, on a reverted call, and when
//! the token address has no code (a call to an account without code "succeeds" with empty data,
//! which must not count as a transfer). Views (`balanceOf`, `decimals`) must return at least one
//! well-formed 32-byte word.
//!
//! Fee-on-transfer and ERC-777 tokens are out of scope: callers assume that a successful transfer
//! of `amount` moved exactly `amount`.
//!
//! Calldata is encoded by hand (selector + 32-byte words) to keep the WASM small.

use alloc::vec::Vec;

use alloy_primitives::{Address, U256};
use stylus_sdk::{
    call::{call, static_call},
    prelude::*,
};

/// `transfer(address,uint256)`
pub const TRANSFER_SELECTOR: [u8; 4] = [0xa9, 0x05, 0x9c, 0xbb];
/// `transferFrom(address,address,uint256)`
pub const TRANSFER_FROM_SELECTOR: [u8; 4] = [0x23, 0xb8, 0x72, 0xdd];
/// `balanceOf(address)`
pub const BALANCE_OF_SELECTOR: [u8; 4] = [0x70, 0xa0, 0x82, 0x31];
/// `decimals()`
pub const DECIMALS_SELECTOR: [u8; 4] = [0x31, 0x3c, 0xe5, 0x67];
/// `mint(address,uint256)`
pub const MINT_SELECTOR: [u8; 4] = [0x40, 0xc1, 0x0f, 0x19];

/// Why a token call was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenCallError {
    /// The token address has no code.
    NoCode,
    /// The call reverted.
    Reverted,
    /// The token returned an ABI-encoded `false`.
    ReturnedFalse,
    /// The return data was too short or not a well-formed word of the expected type.
    BadReturnData,
}

impl TokenCallError {
    /// A stable numeric code for the reason (used as a `uint8` in Solidity errors):
    /// 1 no code, 2 reverted, 3 returned false, 4 bad return data.
    pub const fn code(self) -> u8 {
        match self {
            TokenCallError::NoCode => 1,
            TokenCallError::Reverted => 2,
            TokenCallError::ReturnedFalse => 3,
            TokenCallError::BadReturnData => 4,
        }
    }
}

/// Appends an address as a left-padded 32-byte ABI word.
fn push_address(data: &mut Vec<u8>, a: Address) {
    data.extend_from_slice(&[0u8; 12]);
    data.extend_from_slice(a.as_slice());
}

/// Appends a `uint256` as a 32-byte big-endian ABI word.
fn push_u256(data: &mut Vec<u8>, v: U256) {
    data.extend_from_slice(&v.to_be_bytes::<32>());
}

fn calldata(selector: [u8; 4], words: usize) -> Vec<u8> {
    let mut data = Vec::with_capacity(4 + 32 * words);
    data.extend_from_slice(&selector);
    data
}

/// Calldata of `transfer(to, amount)`.
pub fn transfer_calldata(to: Address, amount: U256) -> Vec<u8> {
    let mut data = calldata(TRANSFER_SELECTOR, 2);
    push_address(&mut data, to);
    push_u256(&mut data, amount);
    data
}

/// Calldata of `transferFrom(from, to, amount)`.
pub fn transfer_from_calldata(from: Address, to: Address, amount: U256) -> Vec<u8> {
    let mut data = calldata(TRANSFER_FROM_SELECTOR, 3);
    push_address(&mut data, from);
    push_address(&mut data, to);
    push_u256(&mut data, amount);
    data
}

/// Calldata of `mint(to, amount)`.
pub fn mint_calldata(to: Address, amount: U256) -> Vec<u8> {
    let mut data = calldata(MINT_SELECTOR, 2);
    push_address(&mut data, to);
    push_u256(&mut data, amount);
    data
}

/// Calldata of `balanceOf(account)`.
pub fn balance_of_calldata(account: Address) -> Vec<u8> {
    let mut data = calldata(BALANCE_OF_SELECTOR, 1);
    push_address(&mut data, account);
    data
}

/// Checks the return data of a state-changing token call: empty or exactly an ABI `bool` true.
/// Extra bytes after the first word are tolerated (as OpenZeppelin's SafeERC20 does).
pub fn check_bool_return(ret: &[u8]) -> Result<(), TokenCallError> {
    if ret.is_empty() {
        return Ok(());
    }
    let word = first_word(ret)?;
    if word == U256::from(1u8) {
        Ok(())
    } else if word.is_zero() {
        Err(TokenCallError::ReturnedFalse)
    } else {
        Err(TokenCallError::BadReturnData)
    }
}

fn first_word(ret: &[u8]) -> Result<U256, TokenCallError> {
    match ret.get(..32) {
        Some(word) => Ok(U256::from_be_slice(word)),
        None => Err(TokenCallError::BadReturnData),
    }
}

/// Sends a state-changing call to `token` and checks its boolean result.
#[inline(never)]
fn mutating_bool_call<S: TopLevelStorage + HostAccess>(
    storage: &mut S,
    token: Address,
    data: &[u8],
) -> Result<(), TokenCallError> {
    let context = Call::new_mutating(storage);
    // `call` flushes and clears the storage cache first, so the token (and anything it calls)
    // sees this contract's state as written so far.
    let ret = call(storage.vm(), context, token, data).map_err(|_| TokenCallError::Reverted)?;
    if ret.is_empty() {
        return no_code_or(storage.vm(), token, Ok(()));
    }
    check_bool_return(&ret)
}

/// What an empty answer from `token` means: the account has no code (a call to it "succeeds"
/// with nothing), or else `otherwise`. Asked only after the call, as OpenZeppelin's SafeERC20
/// does: a token that returned data has code, and the account is warm by then (measured: about
/// 700 gas less per token call than asking first).
fn no_code_or<H: Host + ?Sized, T>(
    host: &H,
    token: Address,
    otherwise: Result<T, TokenCallError>,
) -> Result<T, TokenCallError> {
    if host.code_size(token) == 0 {
        Err(TokenCallError::NoCode)
    } else {
        otherwise
    }
}

/// `token.transfer(to, amount)`, checked.
pub fn safe_transfer<S: TopLevelStorage + HostAccess>(
    storage: &mut S,
    token: Address,
    to: Address,
    amount: U256,
) -> Result<(), TokenCallError> {
    mutating_bool_call(storage, token, &transfer_calldata(to, amount))
}

/// `token.transferFrom(from, to, amount)`, checked.
pub fn safe_transfer_from<S: TopLevelStorage + HostAccess>(
    storage: &mut S,
    token: Address,
    from: Address,
    to: Address,
    amount: U256,
) -> Result<(), TokenCallError> {
    mutating_bool_call(storage, token, &transfer_from_calldata(from, to, amount))
}

/// `token.mint(to, amount)`, checked like a transfer.
pub fn safe_mint<S: TopLevelStorage + HostAccess>(
    storage: &mut S,
    token: Address,
    to: Address,
    amount: U256,
) -> Result<(), TokenCallError> {
    mutating_bool_call(storage, token, &mint_calldata(to, amount))
}

/// Sends a static call to `token` and returns the first 32-byte word of its result.
#[inline(never)]
fn static_word<H: Host + ?Sized>(
    host: &H,
    token: Address,
    data: &[u8],
) -> Result<U256, TokenCallError> {
    let ret = static_call(host, Call::new(), token, data).map_err(|_| TokenCallError::Reverted)?;
    if ret.is_empty() {
        return no_code_or(host, token, Err(TokenCallError::BadReturnData));
    }
    first_word(&ret)
}

/// `token.balanceOf(account)`, checked.
pub fn balance_of<H: Host + ?Sized>(
    host: &H,
    token: Address,
    account: Address,
) -> Result<U256, TokenCallError> {
    static_word(host, token, &balance_of_calldata(account))
}

/// `token.decimals()`, checked: the word must fit in a `uint8`.
pub fn decimals<H: Host + ?Sized>(host: &H, token: Address) -> Result<u8, TokenCallError> {
    let word = static_word(host, token, &DECIMALS_SELECTOR)?;
    u8::try_from(word).map_err(|_| TokenCallError::BadReturnData)
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::address;

    fn word(v: u64) -> Vec<u8> {
        U256::from(v).to_be_bytes::<32>().to_vec()
    }

    #[test]
    fn selectors_match_the_keccak_of_their_signatures() {
        let sel = |s: &str| {
            let h = alloy_primitives::keccak256(s.as_bytes());
            [h[0], h[1], h[2], h[3]]
        };
        assert_eq!(sel("transfer(address,uint256)"), TRANSFER_SELECTOR);
        assert_eq!(
            sel("transferFrom(address,address,uint256)"),
            TRANSFER_FROM_SELECTOR
        );
        assert_eq!(sel("balanceOf(address)"), BALANCE_OF_SELECTOR);
        assert_eq!(sel("decimals()"), DECIMALS_SELECTOR);
        assert_eq!(sel("mint(address,uint256)"), MINT_SELECTOR);
    }

    #[test]
    fn calldata_is_selector_then_padded_words() {
        let to = address!("00000000000000000000000000000000000000aa");
        let data = transfer_calldata(to, U256::from(5u8));
        assert_eq!(data.len(), 68);
        assert_eq!(&data[..4], &TRANSFER_SELECTOR);
        assert_eq!(&data[4..16], &[0u8; 12]);
        assert_eq!(&data[16..36], to.as_slice());
        assert_eq!(data[67], 5);
        assert_eq!(transfer_from_calldata(to, to, U256::ZERO).len(), 100);
        assert_eq!(balance_of_calldata(to).len(), 36);
    }

    #[test]
    fn empty_and_true_returns_are_accepted() {
        assert_eq!(check_bool_return(&[]), Ok(()));
        assert_eq!(check_bool_return(&word(1)), Ok(()));
        let mut long = word(1);
        long.extend_from_slice(&[0xff; 7]);
        assert_eq!(check_bool_return(&long), Ok(()));
    }

    #[test]
    fn false_short_and_garbled_returns_are_refused() {
        assert_eq!(
            check_bool_return(&word(0)),
            Err(TokenCallError::ReturnedFalse)
        );
        assert_eq!(
            check_bool_return(&[1u8]),
            Err(TokenCallError::BadReturnData)
        );
        assert_eq!(
            check_bool_return(&word(1)[..31]),
            Err(TokenCallError::BadReturnData)
        );
        assert_eq!(
            check_bool_return(&word(2)),
            Err(TokenCallError::BadReturnData)
        );
    }

    #[test]
    fn error_codes_are_distinct() {
        let codes = [
            TokenCallError::NoCode.code(),
            TokenCallError::Reverted.code(),
            TokenCallError::ReturnedFalse.code(),
            TokenCallError::BadReturnData.code(),
        ];
        assert_eq!(codes, [1, 2, 3, 4]);
    }

    mod against_a_simulated_token {
        use super::*;
        use crate::testing::{TokenBehaviour, TokenVM};
        use stylus_sdk::storage::StorageU256;

        const TOKEN: Address = address!("00000000000000000000000000000000000000e2");
        const ALICE: Address = address!("00000000000000000000000000000000000000a1");

        /// A top-level storage to call the helpers from, as a contract would.
        #[storage]
        struct Probe {
            _slot: StorageU256,
        }
        unsafe impl TopLevelStorage for Probe {}

        fn setup() -> (TokenVM, Probe) {
            let vm = TokenVM::new(TOKEN, 6);
            let probe = Probe::from(&vm);
            vm.mint_tokens(vm.contract_address(), U256::from(100u8));
            (vm, probe)
        }

        #[test]
        fn transfer_succeeds_when_the_token_returns_true_or_nothing() {
            let (vm, mut p) = setup();
            assert_eq!(
                safe_transfer(&mut p, TOKEN, ALICE, U256::from(10u8)),
                Ok(())
            );
            vm.set_behaviour(TokenBehaviour::ReturnsNothing);
            assert_eq!(safe_transfer(&mut p, TOKEN, ALICE, U256::from(5u8)), Ok(()));
            assert_eq!(vm.token_balance(ALICE), U256::from(15u8));
            assert_eq!(balance_of(&vm, TOKEN, ALICE), Ok(U256::from(15u8)));
            assert_eq!(decimals(&vm, TOKEN), Ok(6));
        }

        #[test]
        fn transfer_fails_on_false_garbage_revert_and_no_code() {
            let (vm, mut p) = setup();
            vm.set_behaviour(TokenBehaviour::ReturnsFalse);
            assert_eq!(
                safe_transfer(&mut p, TOKEN, ALICE, U256::from(1u8)),
                Err(TokenCallError::ReturnedFalse)
            );
            vm.set_behaviour(TokenBehaviour::ReturnsGarbage);
            assert_eq!(
                safe_transfer(&mut p, TOKEN, ALICE, U256::from(1u8)),
                Err(TokenCallError::BadReturnData)
            );
            vm.set_behaviour(TokenBehaviour::Reverts);
            assert_eq!(
                safe_transfer(&mut p, TOKEN, ALICE, U256::from(1u8)),
                Err(TokenCallError::Reverted)
            );
            assert_eq!(
                safe_transfer(&mut p, ALICE, ALICE, U256::from(1u8)),
                Err(TokenCallError::NoCode)
            );
            assert_eq!(balance_of(&vm, ALICE, ALICE), Err(TokenCallError::NoCode));
        }

        #[test]
        fn transfer_from_needs_allowance_and_spends_it() {
            let (vm, mut p) = setup();
            vm.mint_tokens(ALICE, U256::from(50u8));
            let me = vm.contract_address();
            assert_eq!(
                safe_transfer_from(&mut p, TOKEN, ALICE, me, U256::from(20u8)),
                Err(TokenCallError::Reverted)
            );
            vm.approve_tokens(ALICE, me, U256::from(30u8));
            assert_eq!(
                safe_transfer_from(&mut p, TOKEN, ALICE, me, U256::from(20u8)),
                Ok(())
            );
            assert_eq!(vm.token_allowance(ALICE, me), U256::from(10u8));
            assert_eq!(vm.token_balance(me), U256::from(120u8));
        }

        #[test]
        fn mint_creates_tokens_and_is_checked_like_a_transfer() {
            let (vm, mut p) = setup();
            assert_eq!(safe_mint(&mut p, TOKEN, ALICE, U256::from(7u8)), Ok(()));
            assert_eq!(vm.token_supply(), U256::from(107u8));
            vm.set_behaviour(TokenBehaviour::Reverts);
            assert_eq!(
                safe_mint(&mut p, TOKEN, ALICE, U256::from(7u8)),
                Err(TokenCallError::Reverted)
            );
        }
    }
}
