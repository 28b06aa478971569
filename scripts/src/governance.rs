//! Governance through the timelock: schedule (normal or emergency), execute, cancel, and the
//! list of operations rebuilt from the timelock's events.

use std::collections::BTreeMap;

use alloy::{
    dyn_abi::{DynSolType, JsonAbiExt},
    json_abi::Function,
    primitives::{Address, Bytes, B256, U256},
    providers::Provider,
    rpc::types::{Filter, Log, TransactionReceipt},
    sol_types::SolEvent,
};

use crate::{
    bindings::GovernanceTimelock::{
        CallExecuted, CallSalt, CallScheduled, Cancelled, EmergencyScheduled,
    },
    client::send,
    system::Backstop,
    Error, Result,
};

/// Blocks per `eth_getLogs` request (public RPCs limit the range).
const LOG_CHUNK: u64 = 50_000;

/// An operation's state, as `getOperationState` numbers it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
pub enum OperationState {
    /// Not scheduled (or cancelled).
    Unset,
    /// Scheduled, not yet ready.
    Waiting,
    /// Executable now.
    Ready,
    /// Executed.
    Done,
    /// Ready for longer than the grace period without being executed: can never run.
    Expired,
}

impl OperationState {
    /// From the timelock's `uint8`.
    pub fn from_u8(value: u8) -> Result<Self> {
        Ok(match value {
            0 => Self::Unset,
            1 => Self::Waiting,
            2 => Self::Ready,
            3 => Self::Done,
            4 => Self::Expired,
            other => return Err(Error::Rpc(format!("unknown operation state {other}"))),
        })
    }

    /// The state's name.
    pub fn name(self) -> &'static str {
        match self {
            Self::Unset => "Unset",
            Self::Waiting => "Waiting",
            Self::Ready => "Ready",
            Self::Done => "Done",
            Self::Expired => "Expired",
        }
    }
}

impl std::fmt::Display for OperationState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One call of an operation.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OperationCall {
    /// Called contract.
    pub target: Address,
    /// Value forwarded.
    #[serde(serialize_with = "crate::status::dec")]
    pub value: U256,
    /// Calldata.
    pub data: Bytes,
}

/// An operation as its events describe it, with its current state.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    /// Its id (`hashOperation` / `hashOperationBatch`).
    pub id: B256,
    /// Its calls, in order (one unless it is a batch).
    pub calls: Vec<OperationCall>,
    /// The operation that must be Done first (zero = none).
    pub predecessor: B256,
    /// Its salt.
    pub salt: B256,
    /// The delay it was scheduled with, in seconds.
    #[serde(serialize_with = "crate::status::dec")]
    pub delay: U256,
    /// Scheduled through the emergency path.
    pub emergency: bool,
    /// Cancelled at least once.
    pub cancelled: bool,
    /// Executed.
    pub executed: bool,
    /// Its state now.
    pub state: OperationState,
    /// When it becomes (or became) ready, 0 if unset, 1 if done (OpenZeppelin's encoding).
    #[serde(serialize_with = "crate::status::dec")]
    pub ready_at: U256,
    /// Block it was (last) scheduled in.
    pub block: u64,
}

/// A call to schedule: target, value, calldata.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    /// Called contract.
    pub target: Address,
    /// Value forwarded, in wei.
    pub value: U256,
    /// Calldata.
    pub data: Bytes,
}

/// Encodes a call from a Solidity signature and textual arguments, e.g.
/// `encode_call("setDepositCap(uint256)", &["5000000000"])` (amounts in base units).
pub fn encode_call(signature: &str, args: &[String]) -> Result<Bytes> {
    let function = Function::parse(signature)
        .map_err(|e| Error::Invalid(format!("bad function signature {signature:?}: {e}")))?;
    if function.inputs.len() != args.len() {
        return Err(Error::Invalid(format!(
            "{signature} takes {} argument(s), {} given",
            function.inputs.len(),
            args.len()
        )));
    }
    let values = function
        .inputs
        .iter()
        .zip(args)
        .map(|(param, arg)| {
            let ty = DynSolType::parse(&param.ty)
                .map_err(|e| Error::Invalid(format!("type {}: {e}", param.ty)))?;
            ty.coerce_str(arg)
                .map_err(|e| Error::Invalid(format!("argument {arg:?} as {}: {e}", param.ty)))
        })
        .collect::<Result<Vec<_>>>()?;
    let data = function
        .abi_encode_input(&values)
        .map_err(|e| Error::Invalid(format!("encoding {signature}: {e}")))?;
    Ok(data.into())
}

impl Backstop {
    /// Schedules `proposal` with `delay` seconds (the minimum delay when `None`); returns the id.
    pub async fn schedule(
        &self,
        from: Address,
        proposal: &Proposal,
        predecessor: B256,
        salt: B256,
        delay: Option<u64>,
    ) -> Result<(B256, TransactionReceipt)> {
        let timelock = self.timelock();
        let delay = match delay {
            Some(d) => U256::from(d),
            None => timelock.minDelay().call().await?,
        };
        let id = timelock
            .hashOperation(
                proposal.target,
                proposal.value,
                proposal.data.clone(),
                predecessor,
                salt,
            )
            .call()
            .await?;
        let receipt = send(
            timelock
                .schedule(
                    proposal.target,
                    proposal.value,
                    proposal.data.clone(),
                    predecessor,
                    salt,
                    delay,
                )
                .from(from),
        )
        .await
        .map_err(|e| e.in_step("timelock.schedule"))?;
        Ok((id, receipt))
    }

    /// Schedules an allow-listed `proposal` with the emergency delay; returns the id.
    pub async fn schedule_emergency(
        &self,
        from: Address,
        proposal: &Proposal,
        salt: B256,
    ) -> Result<(B256, TransactionReceipt)> {
        let timelock = self.timelock();
        let id = timelock
            .hashOperation(
                proposal.target,
                proposal.value,
                proposal.data.clone(),
                B256::ZERO,
                salt,
            )
            .call()
            .await?;
        let receipt = send(
            timelock
                .scheduleEmergency(proposal.target, proposal.value, proposal.data.clone(), salt)
                .from(from),
        )
        .await
        .map_err(|e| e.in_step("timelock.scheduleEmergency"))?;
        Ok((id, receipt))
    }

    /// Executes operation `id`, whose calls, predecessor and salt are read from the timelock's
    /// events (value forwarded from `from`).
    pub async fn execute(&self, from: Address, id: B256) -> Result<TransactionReceipt> {
        let op = self
            .operation(id)
            .await?
            .ok_or_else(|| Error::Invalid(format!("no operation {id} was ever scheduled")))?;
        let timelock = self.timelock();
        let total: U256 = op.calls.iter().map(|c| c.value).sum();
        let receipt = if op.calls.len() == 1 {
            let c = &op.calls[0];
            send(
                timelock
                    .execute(c.target, c.value, c.data.clone(), op.predecessor, op.salt)
                    .value(total)
                    .from(from),
            )
            .await
        } else {
            send(
                timelock
                    .executeBatch(
                        op.calls.iter().map(|c| c.target).collect(),
                        op.calls.iter().map(|c| c.value).collect(),
                        op.calls.iter().map(|c| c.data.clone()).collect(),
                        op.predecessor,
                        op.salt,
                    )
                    .value(total)
                    .from(from),
            )
            .await
        };
        receipt.map_err(|e| e.in_step("timelock.execute"))
    }

    /// Cancels operation `id` (a canceller or the guardian).
    pub async fn cancel(&self, from: Address, id: B256) -> Result<TransactionReceipt> {
        send(self.timelock().cancel(id).from(from))
            .await
            .map_err(|e| e.in_step("timelock.cancel"))
    }

    /// One operation by id, rebuilt from events, or `None` if it was never scheduled.
    pub async fn operation(&self, id: B256) -> Result<Option<Operation>> {
        Ok(self.operations().await?.into_iter().find(|o| o.id == id))
    }

    /// Every operation ever scheduled on the timelock, oldest first, with its current state.
    pub async fn operations(&self) -> Result<Vec<Operation>> {
        let timelock = *self.timelock().address();
        let logs = self.timelock_logs(timelock).await?;
        let mut ops: BTreeMap<B256, Operation> = BTreeMap::new();
        let mut order: Vec<B256> = Vec::new();
        for log in &logs {
            let Some(topic0) = log.topic0().copied() else {
                continue;
            };
            let block = log.block_number.unwrap_or_default();
            if topic0 == CallScheduled::SIGNATURE_HASH {
                let e = log.log_decode::<CallScheduled>()?.inner.data;
                let op = ops.entry(e.id).or_insert_with(|| {
                    order.push(e.id);
                    Operation {
                        id: e.id,
                        calls: Vec::new(),
                        predecessor: e.predecessor,
                        salt: B256::ZERO,
                        delay: e.delay,
                        emergency: false,
                        cancelled: false,
                        executed: false,
                        state: OperationState::Unset,
                        ready_at: U256::ZERO,
                        block,
                    }
                });
                // A re-schedule after a cancel repeats the same calls: start the list again.
                if e.index.is_zero() {
                    op.calls.clear();
                    op.block = block;
                }
                op.calls.push(OperationCall {
                    target: e.target,
                    value: e.value,
                    data: e.data,
                });
            } else if topic0 == CallSalt::SIGNATURE_HASH {
                let e = log.log_decode::<CallSalt>()?.inner.data;
                if let Some(op) = ops.get_mut(&e.id) {
                    op.salt = e.salt;
                }
            } else if topic0 == EmergencyScheduled::SIGNATURE_HASH {
                let e = log.log_decode::<EmergencyScheduled>()?.inner.data;
                if let Some(op) = ops.get_mut(&e.id) {
                    op.emergency = true;
                }
            } else if topic0 == Cancelled::SIGNATURE_HASH {
                let e = log.log_decode::<Cancelled>()?.inner.data;
                if let Some(op) = ops.get_mut(&e.id) {
                    op.cancelled = true;
                }
            } else if topic0 == CallExecuted::SIGNATURE_HASH {
                let e = log.log_decode::<CallExecuted>()?.inner.data;
                if let Some(op) = ops.get_mut(&e.id) {
                    op.executed = true;
                }
            }
        }
        let contract = self.timelock();
        let mut out = Vec::with_capacity(order.len());
        for id in order {
            let Some(mut op) = ops.remove(&id) else {
                continue;
            };
            op.state = OperationState::from_u8(contract.getOperationState(id).call().await?)?;
            op.ready_at = contract.getTimestamp(id).call().await?;
            out.push(op);
        }
        Ok(out)
    }

    /// The timelock's logs since the deployment, fetched in chunks.
    pub(crate) async fn timelock_logs(&self, timelock: Address) -> Result<Vec<Log>> {
        let latest = self.client.block_number().await?;
        let mut from = self.manifest.start_block;
        let mut logs = Vec::new();
        while from <= latest {
            let to = (from + LOG_CHUNK - 1).min(latest);
            let filter = Filter::new()
                .address(timelock)
                .from_block(from)
                .to_block(to);
            logs.extend(self.client.provider.get_logs(&filter).await?);
            from = to + 1;
        }
        Ok(logs)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bindings::LossAbsorber;
    use alloy::sol_types::SolCall;

    #[test]
    fn encodes_a_call_from_its_signature() {
        let market = Address::repeat_byte(7);
        let data = encode_call(
            "emergencyMint(address,uint256)",
            &[market.to_string(), "2500000000".into()],
        )
        .unwrap();
        let expected = LossAbsorber::emergencyMintCall {
            market,
            amount: U256::from(2_500_000_000u64),
        }
        .abi_encode();
        assert_eq!(data.as_ref(), expected.as_slice());
    }

    #[test]
    fn refuses_wrong_arity_and_bad_values() {
        assert!(encode_call("pause()", &["1".into()]).is_err());
        assert!(encode_call("setDepositCap(uint256)", &["-5".into()]).is_err());
        assert!(encode_call("not a signature", &[]).is_err());
    }

    #[test]
    fn numbers_states_as_the_timelock_does() {
        assert_eq!(OperationState::from_u8(2).unwrap(), OperationState::Ready);
        assert_eq!(OperationState::from_u8(4).unwrap(), OperationState::Expired);
        assert!(OperationState::from_u8(5).is_err());
    }
}
