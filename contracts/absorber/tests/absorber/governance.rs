use alloy_primitives::Address;
use loss_absorber::*;

use crate::support::*;

#[test]
fn governance_is_handed_over_in_two_steps_with_events() {
    let mut env = deploy();
    env.vm.set_sender(GOV);
    env.ab.transfer_governance(NEW_GOV).unwrap();
    assert_eq!(env.ab.pending_governance(), NEW_GOV);
    assert_eq!(env.ab.governance(), GOV);
    let started = env.events::<GovernanceTransferStarted>();
    assert_eq!((started[0].previous, started[0].next), (GOV, NEW_GOV));

    env.vm.set_sender(NEW_GOV);
    env.ab.accept_governance().unwrap();
    assert_eq!(env.ab.governance(), NEW_GOV);
    assert_eq!(env.ab.pending_governance(), Address::ZERO);
    let done = env.events::<GovernanceTransferred>().pop().unwrap();
    assert_eq!((done.previous, done.next), (GOV, NEW_GOV));

    env.vm.set_sender(GOV);
    assert_eq!(env.ab.add_market(OUTSIDER, u(1)), Err(not_governance(GOV)));
}

#[test]
fn only_the_pending_governance_can_accept() {
    let mut env = deploy();
    env.vm.set_sender(GOV);
    env.ab.transfer_governance(NEW_GOV).unwrap();
    for who in [GOV, OUTSIDER, MARKET] {
        env.vm.set_sender(who);
        assert_eq!(
            env.ab.accept_governance(),
            Err(AbsorberError::NotPendingGovernance(NotPendingGovernance {
                caller: who
            }))
        );
    }
}

#[test]
fn a_withdrawn_offer_cannot_be_accepted() {
    let mut env = deploy();
    env.vm.set_sender(GOV);
    env.ab.transfer_governance(NEW_GOV).unwrap();
    env.ab.transfer_governance(Address::ZERO).unwrap();
    env.vm.set_sender(NEW_GOV);
    assert_eq!(
        env.ab.accept_governance(),
        Err(AbsorberError::NotPendingGovernance(NotPendingGovernance {
            caller: NEW_GOV
        }))
    );
}
