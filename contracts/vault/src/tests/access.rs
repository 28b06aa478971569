//! Access-control matrix, governance handover, setters and their bounds.

use super::*;

type Call = fn(&mut BackstopVault) -> Result<(), Error>;

/// Every governance-only entry point, with arguments that are valid for governance.
fn governance_only() -> Vec<(&'static str, Call)> {
    vec![
        ("sweep", |v| v.sweep(ASSET, BOB).map(|_| ())),
        ("transferGovernance", |v| v.transfer_governance(BOB)),
        ("setLossModule", |v| v.set_loss_module(BOB)),
        ("setGuardian", |v| v.set_guardian(BOB)),
        ("setCooldownPeriod", |v| v.set_cooldown_period(DAY)),
        ("setUnstakeWindow", |v| v.set_unstake_window(DAY)),
        ("setPremiumVestingPeriod", |v| {
            v.set_premium_vesting_period(DAY)
        }),
        ("setPostLossFreeze", |v| v.set_post_loss_freeze(DAY)),
        ("setMaxSlashBps", |v| v.set_max_slash_bps(u(100))),
        ("setDepositCap", |v| v.set_deposit_cap(u(100))),
    ]
}

#[test]
fn every_governance_function_refuses_every_other_role() {
    for (name, call) in governance_only() {
        for caller in [GUARDIAN, LOSS, ALICE, DEPLOYER, Address::ZERO] {
            let mut env = Env::new();
            env.vm.set_sender(caller);
            assert_eq!(
                call(&mut env.vault),
                Err(Error::NotGovernance(NotGovernance { caller })),
                "{name} called by {caller}"
            );
        }
        let mut env = Env::new();
        env.vm.set_sender(GOV);
        assert_eq!(call(&mut env.vault), Ok(()), "{name} called by governance");
    }
}

#[test]
fn pause_and_unpause_refuse_everyone_but_guardian_and_governance() {
    let calls: [(&str, Call); 2] = [("pause", |v| v.pause()), ("unpause", |v| v.unpause())];
    for (name, call) in calls {
        for caller in [LOSS, ALICE, DEPLOYER, Address::ZERO] {
            let mut env = Env::new();
            env.vm.set_sender(caller);
            assert_eq!(
                call(&mut env.vault),
                Err(Error::NotGuardianOrGovernance(NotGuardianOrGovernance {
                    caller
                })),
                "{name} called by {caller}"
            );
        }
        for caller in [GUARDIAN, GOV] {
            let mut env = Env::new();
            env.vm.set_sender(caller);
            assert_eq!(call(&mut env.vault), Ok(()), "{name} called by {caller}");
        }
    }
}

#[test]
fn a_removed_guardian_cannot_pause() {
    let mut env = Env::new();
    env.as_(GOV).vault.set_guardian(Address::ZERO).unwrap();
    assert_eq!(
        env.as_(GUARDIAN).vault.pause(),
        Err(Error::NotGuardianOrGovernance(NotGuardianOrGovernance {
            caller: GUARDIAN
        }))
    );
    assert_eq!(
        env.as_(Address::ZERO).vault.pause(),
        Err(Error::NotGuardianOrGovernance(NotGuardianOrGovernance {
            caller: Address::ZERO
        }))
    );
}

#[test]
fn cover_refuses_everyone_but_the_loss_module() {
    for caller in [GOV, GUARDIAN, ALICE, DEPLOYER] {
        let mut env = Env::new();
        env.deposit(ALICE, u(10 * UNIT));
        env.vm.set_sender(caller);
        assert_eq!(
            env.vault.cover(u(1), caller),
            Err(Error::NotLossModule(NotLossModule { caller }))
        );
    }
    // With no loss module set, not even address(0) may cover.
    let mut env = Env::new();
    env.as_(GOV).vault.set_loss_module(Address::ZERO).unwrap();
    assert_eq!(
        env.as_(Address::ZERO).vault.cover(u(1), ALICE),
        Err(Error::NotLossModule(NotLossModule {
            caller: Address::ZERO
        }))
    );
}

#[test]
fn governance_is_handed_over_in_two_steps() {
    let mut env = Env::new();
    env.as_(GOV).vault.transfer_governance(BOB).unwrap();
    let ev: events::GovernanceTransferStarted = env.last_event();
    assert_eq!((ev.previous, ev.next), (GOV, BOB));
    assert_eq!(env.vault.pending_governance(), BOB);
    assert_eq!(env.vault.governance(), GOV);
    for caller in [GOV, GUARDIAN, ALICE] {
        assert_eq!(
            env.as_(caller).vault.accept_governance(),
            Err(Error::NotPendingGovernance(NotPendingGovernance { caller }))
        );
    }
    env.as_(BOB).vault.accept_governance().unwrap();
    let ev: events::GovernanceTransferred = env.last_event();
    assert_eq!((ev.previous, ev.next), (GOV, BOB));
    assert_eq!(env.vault.governance(), BOB);
    assert_eq!(env.vault.pending_governance(), Address::ZERO);
    assert_eq!(
        env.as_(GOV).vault.set_deposit_cap(U256::ZERO),
        Err(Error::NotGovernance(NotGovernance { caller: GOV }))
    );
    env.as_(BOB).vault.set_deposit_cap(U256::ZERO).unwrap();
}

#[test]
fn setters_store_the_value_and_emit_old_and_new() {
    let mut env = Env::new();
    env.as_(GOV);
    env.vault.set_cooldown_period(3 * DAY).unwrap();
    let ev: events::CooldownPeriodUpdated = env.last_event();
    assert_eq!((ev.previous, ev.next), (COOLDOWN, 3 * DAY));
    assert_eq!(env.vault.cooldown_period(), 3 * DAY);

    env.vault.set_unstake_window(3_600).unwrap();
    let ev: events::UnstakeWindowUpdated = env.last_event();
    assert_eq!((ev.previous, ev.next), (WINDOW, 3_600));
    assert_eq!(env.vault.unstake_window(), 3_600);

    env.vault.set_premium_vesting_period(DAY).unwrap();
    let ev: events::PremiumVestingPeriodUpdated = env.last_event();
    assert_eq!((ev.previous, ev.next), (7 * DAY, DAY));
    assert_eq!(env.vault.premium_vesting_period(), DAY);

    env.vault.set_post_loss_freeze(0).unwrap();
    let ev: events::PostLossFreezeUpdated = env.last_event();
    assert_eq!((ev.previous, ev.next), (DAY, 0));
    assert_eq!(env.vault.post_loss_freeze(), 0);

    env.vault.set_max_slash_bps(u(9_999)).unwrap();
    let ev: events::MaxSlashBpsUpdated = env.last_event();
    assert_eq!((ev.previous, ev.next), (u(3_000), u(9_999)));
    assert_eq!(env.vault.max_slash_bps(), u(9_999));

    env.vault.set_deposit_cap(u(5)).unwrap();
    let ev: events::DepositCapUpdated = env.last_event();
    assert_eq!(ev.next, u(5));
    assert_eq!(env.vault.deposit_cap(), u(5));

    env.vault.set_loss_module(CAROL).unwrap();
    let ev: events::LossModuleUpdated = env.last_event();
    assert_eq!((ev.previous, ev.next), (LOSS, CAROL));
    assert_eq!(env.vault.loss_module(), CAROL);

    env.vault.set_guardian(CAROL).unwrap();
    let ev: events::GuardianUpdated = env.last_event();
    assert_eq!((ev.previous, ev.next), (GUARDIAN, CAROL));
    assert_eq!(env.vault.guardian(), CAROL);
}

fn out_of_bounds(name: &str, value: U256, min: U256, max: U256) -> Result<(), Error> {
    Err(Error::ParameterOutOfBounds(ParameterOutOfBounds {
        parameter: param(name),
        value,
        min,
        max,
    }))
}

#[test]
fn setters_accept_each_bound_itself() {
    let mut env = Env::new();
    env.as_(GOV);
    let v = &mut env.vault;
    v.set_cooldown_period(0).unwrap();
    assert_eq!(v.cooldown_period(), 0);
    v.set_cooldown_period(90 * DAY).unwrap();
    assert_eq!(v.cooldown_period(), 90 * DAY);
    v.set_unstake_window(3_600).unwrap();
    assert_eq!(v.unstake_window(), 3_600);
    v.set_unstake_window(30 * DAY).unwrap();
    assert_eq!(v.unstake_window(), 30 * DAY);
    v.set_premium_vesting_period(0).unwrap();
    assert_eq!(v.premium_vesting_period(), 0);
    v.set_premium_vesting_period(365 * DAY).unwrap();
    assert_eq!(v.premium_vesting_period(), 365 * DAY);
    v.set_post_loss_freeze(30 * DAY).unwrap();
    assert_eq!(v.post_loss_freeze(), 30 * DAY);
    v.set_post_loss_freeze(0).unwrap();
    assert_eq!(v.post_loss_freeze(), 0);
    v.set_max_slash_bps(U256::ZERO).unwrap();
    assert_eq!(v.max_slash_bps(), U256::ZERO);
    v.set_max_slash_bps(u(9_999)).unwrap();
    assert_eq!(v.max_slash_bps(), u(9_999));
}

#[test]
fn setters_refuse_values_out_of_bounds() {
    let mut env = Env::new();
    env.as_(GOV);
    let v = &mut env.vault;
    assert_eq!(
        v.set_cooldown_period(90 * DAY + 1),
        out_of_bounds("cooldownPeriod", u(90 * DAY + 1), U256::ZERO, u(90 * DAY))
    );
    assert_eq!(
        v.set_unstake_window(3_599),
        out_of_bounds("unstakeWindow", u(3_599), u(3_600), u(30 * DAY))
    );
    assert_eq!(
        v.set_unstake_window(30 * DAY + 1),
        out_of_bounds("unstakeWindow", u(30 * DAY + 1), u(3_600), u(30 * DAY))
    );
    assert_eq!(
        v.set_premium_vesting_period(365 * DAY + 1),
        out_of_bounds(
            "premiumVestingPeriod",
            u(365 * DAY + 1),
            U256::ZERO,
            u(365 * DAY)
        )
    );
    assert_eq!(
        v.set_post_loss_freeze(30 * DAY + 1),
        out_of_bounds("postLossFreeze", u(30 * DAY + 1), U256::ZERO, u(30 * DAY))
    );
    assert_eq!(
        v.set_max_slash_bps(u(10_000)),
        out_of_bounds("maxSlashBps", u(10_000), U256::ZERO, u(9_999))
    );
    // Nothing changed.
    assert_eq!(v.cooldown_period(), COOLDOWN);
    assert_eq!(v.max_slash_bps(), u(3_000));
}

#[test]
fn a_pending_governance_offer_can_be_withdrawn() {
    let mut env = Env::new();
    env.as_(GOV).vault.transfer_governance(BOB).unwrap();
    env.as_(GOV)
        .vault
        .transfer_governance(Address::ZERO)
        .unwrap();
    assert_eq!(
        env.as_(BOB).vault.accept_governance(),
        Err(Error::NotPendingGovernance(NotPendingGovernance {
            caller: BOB
        }))
    );
}
