//! Every privileged entry point called by every wrong role reverts with the typed error.

use alloy_primitives::{Address, B256, U256};

use crate::support::*;

const NOT_GOVERNANCE: [Address; 5] = [MARKET, OUTSIDER, PAYER, NEW_GOV, VAULT];

#[test]
fn only_governance_can_manage_markets_limits_mint_or_hand_over_governance() {
    let mut env = deploy();
    env.vm.set_max_coverable(U256::ZERO);
    env.absorb(MARKET, 1, 100).unwrap();
    // NEW_GOV is pending: pending governance has no powers yet.
    env.vm.set_sender(GOV);
    env.ab.transfer_governance(NEW_GOV).unwrap();
    for who in NOT_GOVERNANCE {
        env.vm.set_sender(who);
        let expected = Err(not_governance(who));
        assert_eq!(env.ab.add_market(OUTSIDER, u(1)), expected);
        assert_eq!(env.ab.set_market_cap(MARKET, u(1)), expected);
        assert_eq!(env.ab.remove_market(MARKET), expected);
        assert_eq!(env.ab.set_cover_window(u(1), 3_600), expected);
        assert_eq!(env.ab.set_mint_cap(u(1), 3_600), expected);
        assert_eq!(env.ab.emergency_mint(MARKET, u(1)), expected);
        assert_eq!(env.ab.transfer_governance(who), expected);
    }
    assert_eq!(
        env.ab.market_info(MARKET),
        (true, u(MARKET_CAP), U256::ZERO, u(100))
    );
    assert_eq!(env.ab.max_cover_per_window(), u(MAX_COVER));
    assert_eq!(env.ab.pending_governance(), NEW_GOV);
}

#[test]
fn only_enabled_markets_can_absorb_losses() {
    let mut env = deploy();
    env.vm.set_sender(GOV);
    env.ab.add_market(PAYER, u(100)).unwrap();
    env.ab.remove_market(PAYER).unwrap();
    for who in [GOV, OUTSIDER, VAULT, PAYER, NEW_GOV] {
        env.vm.set_sender(who);
        assert_eq!(env.ab.absorb_loss(B256::ZERO, u(10)), Err(not_enabled(who)));
    }
    assert!(env.vm.covers().is_empty());
    assert_eq!(env.ab.total_deficit(), U256::ZERO);
}
