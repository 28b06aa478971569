//! Revert data to a readable Solidity error: `ExceededMaxDeposit(receiver: 0x.., assets: 5, max: 0)`.

use alloy::{
    hex,
    sol_types::{Panic, Revert, SolError, SolInterface},
};

use crate::bindings::{
    ArbWasm, BackstopVault, GovernanceTimelock, LossAbsorber, MockMarket, TestStablecoin,
};
use crate::governance::OperationState;

/// Decodes revert data with the error enums generated for every Backstop contract (and ArbWasm,
/// `Error(string)`, `Panic(uint256)`); unknown data is shown as hex with its selector.
pub fn decode_revert(data: &[u8]) -> String {
    if data.is_empty() {
        return "no revert data (out of gas, a trap in the program, a reentrant call, or a program \
                that is not activated)"
            .into();
    }
    // The timelock's expected states are a bitmap (bit n = state n): name them.
    if let Ok(e) = GovernanceTimelock::TimelockUnexpectedOperationState::abi_decode(data) {
        return format!(
            "TimelockUnexpectedOperationState({}, expected: {})",
            e._0,
            expected_states(e._1)
        );
    }
    macro_rules! try_enums {
        ($($enum:ty),* $(,)?) => {$(
            if let Ok(decoded) = <$enum as SolInterface>::abi_decode(data) {
                return tidy(&format!("{decoded:?}"));
            }
        )*};
    }
    try_enums!(
        BackstopVault::BackstopVaultErrors,
        LossAbsorber::LossAbsorberErrors,
        GovernanceTimelock::GovernanceTimelockErrors,
        TestStablecoin::TestStablecoinErrors,
        MockMarket::MockMarketErrors,
        ArbWasm::ArbWasmErrors,
    );
    if let Ok(revert) = Revert::abi_decode(data) {
        return format!("Error({:?})", revert.reason);
    }
    if let Ok(panic) = Panic::abi_decode(data) {
        return format!("Panic({})", panic.code);
    }
    // Long unknown data (e.g. a whole program's code) is cut to keep errors on one short line.
    let shown = &data[..data.len().min(64)];
    format!(
        "unknown error 0x{} ({} bytes: 0x{}{})",
        hex::encode(&data[..data.len().min(4)]),
        data.len(),
        hex::encode(shown),
        if shown.len() < data.len() { "..." } else { "" }
    )
}

/// The operation states set in an OpenZeppelin-style state bitmap, e.g. `Waiting or Ready`.
fn expected_states(bitmap: alloy::primitives::B256) -> String {
    let bits = alloy::primitives::U256::from_be_bytes(bitmap.0);
    let names: Vec<&str> = (0..=4u8)
        .filter(|&n| bits.bit(usize::from(n)))
        .filter_map(|n| OperationState::from_u8(n).ok())
        .map(OperationState::name)
        .collect();
    if names.is_empty() || bits >> 5 != alloy::primitives::U256::ZERO {
        format!("state bitmap {bitmap}")
    } else {
        names.join(" or ")
    }
}

/// Turns the generated enums' `Name(Name { a: 1, b: 2 })` into `Name(a: 1, b: 2)`.
pub(crate) fn tidy(debug: &str) -> String {
    let Some((name, rest)) = debug.split_once('(') else {
        return debug.to_string();
    };
    let inner = rest.strip_suffix(')').unwrap_or(rest).trim();
    let fields = inner
        .strip_prefix(name)
        // A decoded call's payload is its `<name>Call { .. }` struct.
        .map(|f| f.strip_prefix("Call").unwrap_or(f).trim())
        .map(|f| f.trim_start_matches('{').trim_end_matches('}').trim())
        .unwrap_or(inner);
    // The ABIs leave error fields unnamed: `_0: 5, _1: 60` reads better as `5, 60`.
    let fields = fields
        .split(", ")
        .map(|f| match f.split_once(": ") {
            Some((key, value))
                if key.starts_with('_') && key[1..].chars().all(|c| c.is_ascii_digit()) =>
            {
                value
            }
            _ => f,
        })
        .collect::<Vec<_>>()
        .join(", ");
    format!("{name}({fields})")
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy::primitives::{Address, B256, U256};

    #[test]
    fn decodes_a_timelock_error_with_its_values() {
        let err = GovernanceTimelock::TimelockInsufficientDelay {
            _0: U256::from(5),
            _1: U256::from(60),
        };
        assert_eq!(
            decode_revert(&err.abi_encode()),
            "TimelockInsufficientDelay(5, 60)"
        );
    }

    #[test]
    fn names_the_expected_operation_states() {
        let err = GovernanceTimelock::TimelockUnexpectedOperationState {
            _0: B256::repeat_byte(0xab),
            _1: B256::from(U256::from(0b0110)),
        };
        assert_eq!(
            decode_revert(&err.abi_encode()),
            format!(
                "TimelockUnexpectedOperationState({}, expected: Waiting or Ready)",
                B256::repeat_byte(0xab)
            )
        );
        let odd = GovernanceTimelock::TimelockUnexpectedOperationState {
            _0: B256::ZERO,
            _1: B256::from(U256::from(1u64 << 9)),
        };
        assert!(decode_revert(&odd.abi_encode()).contains("state bitmap 0x"));
    }

    #[test]
    fn decodes_an_error_without_fields() {
        let err = GovernanceTimelock::FailedCall {};
        assert_eq!(decode_revert(&err.abi_encode()), "FailedCall()");
    }

    #[test]
    fn decodes_address_values_and_plain_strings() {
        let err = BackstopVault::ERC4626ExceededMaxDeposit {
            _0: Address::repeat_byte(0x11),
            _1: U256::from(7),
            _2: U256::ZERO,
        };
        assert_eq!(
            decode_revert(&err.abi_encode()),
            "ERC4626ExceededMaxDeposit(0x1111111111111111111111111111111111111111, 7, 0)"
        );
        let revert = Revert::from("nope").abi_encode();
        assert_eq!(decode_revert(&revert), "Error(\"nope\")");
    }

    #[test]
    fn tidies_a_decoded_call() {
        use alloy::sol_types::{SolCall, SolInterface};
        let call = LossAbsorber::emergencyMintCall {
            market: Address::repeat_byte(0x22),
            amount: U256::from(69),
        };
        let decoded =
            LossAbsorber::LossAbsorberCalls::abi_decode(&call.abi_encode()).expect("decodes");
        assert_eq!(
            tidy(&format!("{decoded:?}")),
            "emergencyMint(market: 0x2222222222222222222222222222222222222222, amount: 69)"
        );
    }

    #[test]
    fn shows_unknown_data_as_hex() {
        assert_eq!(
            decode_revert(&[0xde, 0xad, 0xbe, 0xef, 1]),
            "unknown error 0xdeadbeef (5 bytes: 0xdeadbeef01)"
        );
        assert!(decode_revert(&[]).starts_with("no revert data"));
    }
}
