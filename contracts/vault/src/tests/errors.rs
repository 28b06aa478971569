//! The WASM error encoder agrees with the `SolidityError` derive.

use super::*;
use alloy_primitives::FixedBytes;

fn every_variant() -> Vec<Error> {
    let (a, x, y, z) = (ALICE, u(1), u(2), u(3));
    vec![
        Error::InsufficientBalance(ERC20InsufficientBalance {
            sender: a,
            balance: x,
            needed: y,
        }),
        Error::InsufficientAllowance(ERC20InsufficientAllowance {
            spender: a,
            allowance: x,
            needed: y,
        }),
        Error::InvalidSender(ERC20InvalidSender { sender: a }),
        Error::InvalidReceiver(ERC20InvalidReceiver { receiver: a }),
        Error::InvalidSpender(ERC20InvalidSpender { spender: a }),
        Error::ExceededMaxDeposit(ERC4626ExceededMaxDeposit {
            receiver: a,
            assets: x,
            max: y,
        }),
        Error::ExceededMaxMint(ERC4626ExceededMaxMint {
            receiver: a,
            shares: x,
            max: y,
        }),
        Error::ExceededMaxWithdraw(ERC4626ExceededMaxWithdraw {
            owner: a,
            assets: x,
            max: y,
        }),
        Error::ExceededMaxRedeem(ERC4626ExceededMaxRedeem {
            owner: a,
            shares: x,
            max: y,
        }),
        Error::NotGovernance(NotGovernance { caller: a }),
        Error::NotPendingGovernance(NotPendingGovernance { caller: a }),
        Error::NotLossModule(NotLossModule { caller: a }),
        Error::NotGuardianOrGovernance(NotGuardianOrGovernance { caller: a }),
        Error::ParameterOutOfBounds(ParameterOutOfBounds {
            parameter: param("cooldownPeriod"),
            value: x,
            min: y,
            max: z,
        }),
        Error::ZeroAddress(ZeroAddress {
            parameter: FixedBytes([0xab; 32]),
        }),
        Error::ZeroAmount(ZeroAmount {}),
        Error::NothingToCooldown(NothingToCooldown { account: a }),
        Error::TokenCallFailed(TokenCallFailed {
            token: a,
            reason: 4,
        }),
        Error::AssetDecimalsTooLarge(AssetDecimalsTooLarge { decimals: 253 }),
        Error::MathOverflow(MathOverflow {}),
    ]
}

#[test]
fn the_hand_encoder_matches_the_derive_for_every_variant() {
    let variants = every_variant();
    assert_eq!(variants.len(), 20, "one sample per Error variant");
    for err in variants {
        let by_hand = encode_error(&err);
        let derived: Vec<u8> = err.into();
        assert_eq!(by_hand, derived);
    }
}

#[test]
fn param_packs_a_name_left_aligned_and_cuts_it_at_32_bytes() {
    let mut want = [0u8; 32];
    want[..11].copy_from_slice(b"maxSlashBps");
    assert_eq!(param("maxSlashBps"), FixedBytes(want));
    assert_eq!(param(""), FixedBytes::ZERO);
    let long = "a_parameter_name_of_forty_bytes_exactly!";
    assert_eq!(long.len(), 40);
    assert_eq!(param(long).as_slice(), &long.as_bytes()[..32]);
}
