//! The timelock's storage is in the layout its docs declare: the SDK's storage types, which follow
//! Solidity's rules, read what the timelock wrote where the declaration says.

use alloy_primitives::{Address, FixedBytes, B256, U256};
use stylus_sdk::prelude::*;
use stylus_sdk::storage::{StorageBool, StorageMap, StorageU256};

use crate::support::*;
use governance_timelock::{CANCELLER_ROLE, DONE_TIMESTAMP, PROPOSER_ROLE};

/// The declaration in `GovernanceTimelock`'s docs, with the SDK's types.
#[storage]
struct Declared {
    timestamps: StorageMap<B256, StorageU256>,
    roles: StorageMap<B256, StorageMap<Address, StorageBool>>,
    min_delay: StorageU256,
    emergency_delay: StorageU256,
    emergency_actions: StorageMap<Address, StorageMap<FixedBytes<4>, StorageBool>>,
}

#[test]
fn every_variable_is_where_the_declaration_puts_it() {
    let mut env = deploy();
    let id = env.schedule_call(TARGET, &[1, 2, 3], B256::ZERO);
    let declared = Declared::from(&env.vm);

    assert_eq!(declared.min_delay.get(), U256::from(MIN_DELAY));
    assert_eq!(declared.emergency_delay.get(), U256::from(EMERGENCY_DELAY));
    assert!(declared.roles.getter(PROPOSER_ROLE).get(PROPOSER));
    assert!(declared.roles.getter(CANCELLER_ROLE).get(PROPOSER));
    assert!(!declared.roles.getter(PROPOSER_ROLE).get(EXECUTOR));
    assert!(declared
        .emergency_actions
        .getter(TARGET)
        .get(FixedBytes(PAUSE)));
    assert!(!declared
        .emergency_actions
        .getter(OTHER_TARGET)
        .get(FixedBytes(PAUSE)));
    assert_eq!(
        declared.timestamps.get(id),
        U256::from(env.now() + MIN_DELAY)
    );

    env.advance(MIN_DELAY);
    env.vm
        .mock_call(TARGET, vec![1, 2, 3], U256::ZERO, Ok(vec![]));
    env.execute_call(TARGET, &[1, 2, 3], B256::ZERO).unwrap();
    assert_eq!(declared.timestamps.get(id), DONE_TIMESTAMP);
}
