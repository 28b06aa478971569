//! Test fixture: a deployed timelock on a TestVM, named accounts and log helpers.
//!
//! TestVM does not roll storage back when an entry point returns an error (a real chain does), so
//! tests never rely on state after a failed call except where the failure happens before any write.

use alloy_primitives::{address, Address, Bytes, FixedBytes, B256, U256};
use alloy_sol_types::SolEvent;
use governance_timelock::*;
use stylus_sdk::prelude::*;
use stylus_sdk::testing::TestVM;

pub const DEPLOYER: Address = address!("00000000000000000000000000000000000000d0");
pub const PROPOSER: Address = address!("0000000000000000000000000000000000000001");
pub const EXECUTOR: Address = address!("0000000000000000000000000000000000000002");
pub const GUARDIAN: Address = address!("0000000000000000000000000000000000000003");
pub const OUTSIDER: Address = address!("0000000000000000000000000000000000000004");
pub const TARGET: Address = address!("00000000000000000000000000000000000000a1");
pub const OTHER_TARGET: Address = address!("00000000000000000000000000000000000000a2");

/// Minimum delay used by the fixture, in seconds (2 days).
pub const MIN_DELAY: u64 = 2 * 86_400;
/// Emergency delay used by the fixture, in seconds (1 hour).
pub const EMERGENCY_DELAY: u64 = 3_600;
/// Start time of every test.
pub const T0: u64 = 1_700_000_000;
/// `pause()` selector, allow-listed on `TARGET` at construction.
pub const PAUSE: [u8; 4] = [0x84, 0x56, 0xcb, 0x59];

pub struct Env {
    pub vm: TestVM,
    pub tl: GovernanceTimelock,
}

pub fn deploy() -> Env {
    deploy_with_executors(vec![EXECUTOR])
}

pub fn deploy_with_executors(executors: Vec<Address>) -> Env {
    let vm = TestVM::default();
    vm.set_block_timestamp(T0);
    vm.set_sender(DEPLOYER);
    let mut tl = GovernanceTimelock::from(&vm);
    tl.constructor(
        U256::from(MIN_DELAY),
        U256::from(EMERGENCY_DELAY),
        vec![PROPOSER],
        executors,
        GUARDIAN,
        vec![TARGET],
        vec![FixedBytes(PAUSE)],
    )
    .expect("fixture constructor arguments are valid");
    Env { vm, tl }
}

impl Env {
    pub fn this(&self) -> Address {
        self.vm.contract_address()
    }

    pub fn now(&self) -> u64 {
        self.vm.block_timestamp()
    }

    pub fn advance(&self, seconds: u64) {
        self.vm.set_block_timestamp(self.now() + seconds);
    }

    /// Schedules a single call as the proposer with the minimum delay; returns its id.
    pub fn schedule_call(&mut self, target: Address, data: &[u8], salt: B256) -> B256 {
        self.vm.set_sender(PROPOSER);
        let data = Bytes::copy_from_slice(data);
        self.tl
            .schedule(
                target,
                U256::ZERO,
                data.clone(),
                B256::ZERO,
                salt,
                U256::from(MIN_DELAY),
            )
            .expect("proposer schedules with the minimum delay");
        hash_operation(target, U256::ZERO, &data, B256::ZERO, salt)
    }

    /// Executes a single call as the executor.
    pub fn execute_call(
        &mut self,
        target: Address,
        data: &[u8],
        salt: B256,
    ) -> Result<(), Vec<u8>> {
        self.vm.set_sender(EXECUTOR);
        self.tl.execute(
            target,
            U256::ZERO,
            Bytes::copy_from_slice(data),
            B256::ZERO,
            salt,
        )
    }

    /// Schedules, waits and executes a call of the timelock to itself (governance through delay).
    pub fn govern(&mut self, data: &[u8], salt: B256) -> Result<(), Vec<u8>> {
        let this = self.this();
        self.schedule_call(this, data, salt);
        self.advance(MIN_DELAY);
        self.execute_call(this, data, salt)
    }

    pub fn state(&self, id: B256) -> u8 {
        self.tl.get_operation_state(id)
    }

    /// All emitted events of type `E`, in order. The contract encodes its logs by hand, so each
    /// one's data must also be exactly alloy's encoding of what it decodes to (padding included).
    pub fn events<E: SolEvent>(&self) -> Vec<E> {
        self.vm
            .get_emitted_logs()
            .into_iter()
            .filter(|(topics, _)| topics.first() == Some(&E::SIGNATURE_HASH))
            .map(|(topics, data)| {
                let event = E::decode_raw_log(topics, &data).expect("event decodes");
                assert_eq!(event.encode_data(), data, "{} data", E::SIGNATURE);
                event
            })
            .collect()
    }
}

/// ABI encoding of a typed timelock error, as it appears in revert data.
pub fn revert_data(err: TimelockError) -> Vec<u8> {
    err.into()
}

pub fn unauthorized(account: Address, role: B256) -> TimelockError {
    TimelockError::UnauthorizedAccount(AccessControlUnauthorizedAccount {
        account,
        neededRole: role,
    })
}

pub fn unexpected(id: B256, states: &[OperationState]) -> TimelockError {
    TimelockError::UnexpectedOperationState(TimelockUnexpectedOperationState {
        operationId: id,
        expectedStates: OperationState::bits(states),
    })
}

pub fn salt(n: u8) -> B256 {
    B256::with_last_byte(n)
}
