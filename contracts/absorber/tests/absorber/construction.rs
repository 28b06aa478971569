use alloy_primitives::{Address, U256};
use loss_absorber::limits::{MAX_COVER_WINDOW, MAX_MINT_PERIOD, MIN_PERIOD};
use loss_absorber::*;

use crate::sim::{VaultBehaviour, VaultVM};
use crate::support::*;

fn construct(
    vm: &VaultVM,
    vault: Address,
    gov: Address,
    window: u64,
    period: u64,
) -> Result<LossAbsorber> {
    let mut ab = LossAbsorber::from(&**vm);
    ab.constructor(vault, gov, u(MAX_COVER), window, u(MINT_CAP), period)?;
    Ok(ab)
}

#[test]
fn constructor_reads_the_asset_from_the_vault_and_sets_every_parameter() {
    let env = deploy();
    assert_eq!(env.ab.vault(), VAULT);
    assert_eq!(env.ab.asset(), ASSET);
    assert_eq!(env.ab.governance(), GOV);
    assert_eq!(env.ab.pending_governance(), Address::ZERO);
    assert_eq!(env.ab.max_cover_per_window(), u(MAX_COVER));
    assert_eq!(env.ab.cover_window(), WINDOW);
    assert_eq!(env.ab.mint_cap_per_period(), u(MINT_CAP));
    assert_eq!(env.ab.mint_period(), MINT_PERIOD);
    assert_eq!(env.ab.total_deficit(), U256::ZERO);
    let set = env.events::<CoverWindowSet>();
    assert_eq!(
        (set[0].newMaxCoverPerWindow, set[0].newCoverWindow),
        (u(MAX_COVER), WINDOW)
    );
    let mint = env.events::<MintCapSet>();
    assert_eq!(
        (mint[0].newMintCapPerPeriod, mint[0].newMintPeriod),
        (u(MINT_CAP), MINT_PERIOD)
    );
    let gov = env.events::<GovernanceTransferred>();
    assert_eq!((gov[0].previous, gov[0].next), (Address::ZERO, GOV));
}

#[test]
fn constructor_rejects_a_zero_vault_or_governance() {
    let vm = VaultVM::new(VAULT, ASSET);
    assert_eq!(
        construct(&vm, Address::ZERO, GOV, WINDOW, MINT_PERIOD).err(),
        Some(AbsorberError::ZeroAddress(ZeroAddress {}))
    );
    assert_eq!(
        construct(&vm, VAULT, Address::ZERO, WINDOW, MINT_PERIOD).err(),
        Some(AbsorberError::ZeroAddress(ZeroAddress {}))
    );
}

#[test]
fn constructor_rejects_a_vault_whose_asset_is_zero() {
    let vm = VaultVM::new(VAULT, ASSET);
    vm.set_vault_asset(Address::ZERO);
    assert_eq!(
        construct(&vm, VAULT, GOV, WINDOW, MINT_PERIOD).err(),
        Some(AbsorberError::ZeroAddress(ZeroAddress {}))
    );
}

#[test]
fn constructor_reports_a_vault_that_cannot_answer_asset() {
    let vm = VaultVM::new(VAULT, ASSET);
    vm.set_vault_behaviour(VaultBehaviour::Reverts(b"no".to_vec()));
    assert_eq!(
        construct(&vm, VAULT, GOV, WINDOW, MINT_PERIOD).err(),
        Some(AbsorberError::VaultCallFailed(VaultCallFailed {
            vault: VAULT,
            reason: b"no".to_vec().into()
        }))
    );
}

#[test]
fn constructor_rejects_windows_and_periods_out_of_bounds() {
    let vm = VaultVM::new(VAULT, ASSET);
    for window in [0, MIN_PERIOD - 1, MAX_COVER_WINDOW + 1] {
        assert_eq!(
            construct(&vm, VAULT, GOV, window, MINT_PERIOD).err(),
            Some(AbsorberError::InvalidCoverWindow(InvalidCoverWindow {
                coverWindow: window,
                min: MIN_PERIOD,
                max: MAX_COVER_WINDOW
            }))
        );
    }
    for period in [0, MIN_PERIOD - 1, MAX_MINT_PERIOD + 1] {
        assert_eq!(
            construct(&vm, VAULT, GOV, WINDOW, period).err(),
            Some(AbsorberError::InvalidMintPeriod(InvalidMintPeriod {
                mintPeriod: period,
                min: MIN_PERIOD,
                max: MAX_MINT_PERIOD
            }))
        );
    }
}
