use alloy_primitives::U256;
use loss_absorber::*;

use crate::sim::VaultBehaviour;
use crate::support::*;

#[test]
fn a_loss_within_every_limit_is_covered_in_full_and_paid_to_the_market() {
    let mut env = deploy();
    assert_eq!(env.absorb(MARKET, 1, 600), Ok((u(600), U256::ZERO)));
    assert_eq!(env.vm.covers(), vec![(u(600), MARKET)]);
    assert_eq!(env.vm.token_balance(MARKET), u(600));
    assert_eq!(
        env.ab.market_info(MARKET),
        (true, u(MARKET_CAP), u(600), U256::ZERO)
    );
    assert_eq!(
        env.ab.loss_result(MARKET, loss_id(1)),
        (true, u(600), u(600), U256::ZERO)
    );
    let e = env.events::<LossAbsorbed>().pop().unwrap();
    assert_eq!(
        (e.market, e.lossId, e.amount, e.covered, e.uncovered),
        (MARKET, loss_id(1), u(600), u(600), U256::ZERO)
    );
}

#[test]
fn the_rest_of_a_loss_above_the_window_limit_becomes_deficit() {
    let mut env = deploy();
    assert_eq!(env.absorb(MARKET, 1, 1_500), Ok((u(MAX_COVER), u(500))));
    assert_eq!(env.deficit(MARKET), u(500));
    assert_eq!(env.ab.total_deficit(), u(500));
    assert_eq!(
        env.ab.window_usage(),
        (u(MAX_COVER), u(MAX_COVER), T0 - WINDOW, T0 + WINDOW)
    );
}

#[test]
fn the_window_limit_is_shared_by_all_markets_and_frees_up_after_the_window() {
    let mut env = deploy();
    env.absorb(MARKET, 1, 700).unwrap();
    assert_eq!(env.absorb(MARKET_B, 1, 700), Ok((u(300), u(400))));
    assert_eq!(env.ab.coverage_available(MARKET), Ok(U256::ZERO));
    env.advance(WINDOW - 1);
    assert_eq!(env.absorb(MARKET_B, 2, 10), Ok((U256::ZERO, u(10))));
    env.advance(1);
    assert_eq!(env.ab.window_usage(), (U256::ZERO, u(MAX_COVER), T0, 0));
    assert_eq!(env.absorb(MARKET_B, 3, 10), Ok((u(10), U256::ZERO)));
}

#[test]
fn the_window_rolls_each_cover_counts_for_exactly_one_window() {
    let mut env = deploy();
    assert_eq!(env.absorb(MARKET, 1, 600), Ok((u(600), U256::ZERO)));
    env.advance(WINDOW / 2);
    assert_eq!(env.absorb(MARKET_B, 1, 900), Ok((u(400), u(500))));
    // Half a window later the first cover has left, the second still counts: a fixed window
    // restarting here would allow the whole limit again, 1,400 within one window's length.
    env.advance(WINDOW / 2 - 1);
    assert_eq!(env.ab.coverage_available(MARKET), Ok(U256::ZERO));
    env.advance(1);
    assert_eq!(
        env.ab.window_usage(),
        (u(400), u(MAX_COVER), T0, T0 + WINDOW / 2 + WINDOW)
    );
    assert_eq!(env.ab.coverage_available(MARKET), Ok(u(600)));
    assert_eq!(env.absorb(MARKET, 2, 700), Ok((u(600), u(100))));
    env.advance(WINDOW / 2);
    assert_eq!(env.ab.coverage_available(MARKET), Ok(u(400)));
}

#[test]
fn a_longer_window_counts_the_older_covers_it_now_spans() {
    let mut env = deploy();
    env.absorb(MARKET, 1, 800).unwrap();
    env.advance(WINDOW);
    assert_eq!(env.ab.coverage_available(MARKET), Ok(u(MAX_COVER)));
    env.vm.set_sender(GOV);
    env.ab
        .set_cover_window(u(MAX_COVER), 2 * WINDOW)
        .expect("governance sets the window");
    assert_eq!(env.ab.coverage_available(MARKET), Ok(u(200)));
    // A lower limit than what the window already holds leaves nothing, and never underflows.
    env.ab
        .set_cover_window(u(500), 2 * WINDOW)
        .expect("governance lowers the limit");
    assert_eq!(env.ab.coverage_available(MARKET), Ok(U256::ZERO));
    assert_eq!(env.absorb(MARKET, 2, 50), Ok((U256::ZERO, u(50))));
}

#[test]
fn the_market_cap_bounds_what_the_vault_covers_over_the_markets_lifetime() {
    let mut env = deploy();
    env.vm.set_sender(GOV);
    env.ab.set_market_cap(MARKET, u(250)).unwrap();
    assert_eq!(env.absorb(MARKET, 1, 200), Ok((u(200), U256::ZERO)));
    env.advance(WINDOW);
    assert_eq!(env.absorb(MARKET, 2, 200), Ok((u(50), u(150))));
    assert_eq!(env.ab.market_info(MARKET).2, u(250));
}

#[test]
fn an_empty_vault_turns_the_whole_loss_into_deficit_without_calling_cover() {
    let mut env = deploy();
    env.vm.set_max_coverable(U256::ZERO);
    assert_eq!(env.absorb(MARKET, 1, 300), Ok((U256::ZERO, u(300))));
    assert!(env.vm.covers().is_empty());
    assert_eq!(env.deficit(MARKET), u(300));
}

#[test]
fn a_vault_that_can_pay_only_part_covers_that_part() {
    let mut env = deploy();
    env.vm.set_max_coverable(u(120));
    assert_eq!(env.ab.coverage_available(MARKET), Ok(u(120)));
    assert_eq!(env.absorb(MARKET, 1, 300), Ok((u(120), u(180))));
    assert_eq!(env.vm.covers(), vec![(u(120), MARKET)]);
}

#[test]
fn a_repeated_loss_id_returns_the_first_result_and_changes_nothing() {
    let mut env = deploy();
    let first = env.absorb(MARKET, 1, 1_500).unwrap();
    let info = env.ab.market_info(MARKET);
    let window = env.ab.window_usage();
    let absorbed = env.events::<LossAbsorbed>().len();
    // A retry, even with another amount, pays nothing more.
    assert_eq!(env.absorb(MARKET, 1, 9_999), Ok(first));
    assert_eq!(env.vm.covers().len(), 1);
    assert_eq!(env.ab.market_info(MARKET), info);
    assert_eq!(env.ab.window_usage(), window);
    assert_eq!(env.events::<LossAbsorbed>().len(), absorbed);
    let replay = env.events::<LossReplayed>().pop().unwrap();
    assert_eq!(
        (
            replay.market,
            replay.lossId,
            replay.covered,
            replay.uncovered
        ),
        (MARKET, loss_id(1), first.0, first.1)
    );
}

#[test]
fn the_same_loss_id_from_another_market_is_a_different_loss() {
    let mut env = deploy();
    env.absorb(MARKET, 1, 100).unwrap();
    assert_eq!(env.absorb(MARKET_B, 1, 100), Ok((u(100), U256::ZERO)));
    assert_eq!(env.vm.covers().len(), 2);
}

#[test]
fn absorb_loss_rejects_a_zero_amount() {
    let mut env = deploy();
    assert_eq!(
        env.absorb(MARKET, 1, 0),
        Err(AbsorberError::ZeroAmount(ZeroAmount {}))
    );
    assert_eq!(
        env.ab.loss_result(MARKET, loss_id(1)),
        (false, U256::ZERO, U256::ZERO, U256::ZERO)
    );
}

#[test]
fn absorb_loss_reports_the_vaults_revert_data_so_the_market_can_retry() {
    let mut env = deploy();
    env.vm
        .set_vault_behaviour(VaultBehaviour::Reverts(b"NotLossModule".to_vec()));
    assert_eq!(
        env.absorb(MARKET, 1, 100),
        Err(AbsorberError::VaultCallFailed(VaultCallFailed {
            vault: VAULT,
            reason: b"NotLossModule".to_vec().into()
        }))
    );
    assert!(!env.ab.loss_result(MARKET, loss_id(1)).0);
}

#[test]
fn the_vault_is_not_asked_when_the_cap_or_the_window_leaves_nothing_to_cover() {
    // A vault that would fail every call: a loss it could not cover anyway is booked as deficit.
    let mut env = deploy();
    env.absorb(MARKET, 1, MAX_COVER).unwrap();
    env.vm
        .set_vault_behaviour(VaultBehaviour::Reverts(b"down".to_vec()));
    // The window is used up (by MARKET), for MARKET_B too.
    assert_eq!(env.absorb(MARKET_B, 2, 70), Ok((U256::ZERO, u(70))));
    assert_eq!(env.deficit(MARKET_B), u(70));
    // A new window, but MARKET_B's lifetime cap is used up: the window is not even read.
    env.vm.set_sender(GOV);
    env.ab.set_market_cap(MARKET_B, U256::ZERO).unwrap();
    env.advance(WINDOW);
    assert_eq!(env.absorb(MARKET_B, 3, 30), Ok((U256::ZERO, u(30))));
    assert_eq!(env.ab.total_deficit(), u(100));
    assert_eq!(
        env.vm.covers().len(),
        1,
        "only the first loss reached the vault"
    );
    // With room in both, the vault is asked and its failure reverts the loss.
    assert!(matches!(
        env.absorb(MARKET, 4, 10),
        Err(AbsorberError::VaultCallFailed(_))
    ));
}

#[test]
fn absorb_loss_rejects_a_vault_that_covers_less_than_it_allowed() {
    let mut env = deploy();
    env.vm.set_vault_behaviour(VaultBehaviour::PaysLess);
    assert_eq!(
        env.absorb(MARKET, 1, 100),
        Err(AbsorberError::VaultCoverMismatch(VaultCoverMismatch {
            requested: u(100),
            covered: u(99)
        }))
    );
}

#[test]
fn a_deficit_that_would_overflow_is_refused_with_a_typed_error() {
    let mut env = deploy();
    env.vm.set_max_coverable(U256::ZERO);
    env.vm.set_sender(MARKET);
    env.ab.absorb_loss(loss_id(1), U256::MAX).unwrap();
    assert_eq!(
        env.ab.absorb_loss(loss_id(2), u(1)),
        Err(AbsorberError::DeficitOverflow(DeficitOverflow {
            market: MARKET,
            amount: u(1)
        }))
    );
}

#[test]
fn coverage_available_is_zero_for_a_market_that_is_not_enabled() {
    let env = deploy();
    assert_eq!(env.ab.coverage_available(OUTSIDER), Ok(U256::ZERO));
}

#[test]
fn coverage_available_reports_a_failing_vault() {
    let env = deploy();
    env.vm
        .set_vault_behaviour(VaultBehaviour::Reverts(vec![1, 2]));
    assert_eq!(
        env.ab.coverage_available(MARKET),
        Err(AbsorberError::VaultCallFailed(VaultCallFailed {
            vault: VAULT,
            reason: vec![1, 2].into()
        }))
    );
}
