//! Nitro's ink prices: WASM operators (Stylus version 1 and 2 table) and hostios.

use wasmparser::Operator;

/// Ink charged on entry to every hostio.
pub(crate) const HOSTIO_INK: u64 = 8400;
/// Ink per pointer argument a hostio reads or writes.
pub(crate) const PTR_INK: u64 = 13_440 - HOSTIO_INK;
/// Ink for a request to the EVM side.
pub(crate) const EVM_API_INK: u64 = 59_673;
/// Ink for a 256-bit division.
const DIV_INK: u64 = 20_000;
/// Ink for a 256-bit modular multiplication.
const MUL_MOD_INK: u64 = 24_100;
/// Ink for a 256-bit modular addition.
const ADD_MOD_INK: u64 = 21_000;

/// Base ink of each hostio (Nitro's `pricing::hostio`).
pub(crate) mod hostio {
    use super::{ADD_MOD_INK, DIV_INK, EVM_API_INK, HOSTIO_INK, MUL_MOD_INK, PTR_INK};

    pub(crate) const READ_ARGS: u64 = HOSTIO_INK;
    pub(crate) const WRITE_RESULT: u64 = HOSTIO_INK;
    pub(crate) const STORAGE_LOAD: u64 = HOSTIO_INK + 2 * PTR_INK;
    pub(crate) const STORAGE_CACHE: u64 = HOSTIO_INK + 2 * PTR_INK;
    pub(crate) const STORAGE_FLUSH: u64 = HOSTIO_INK + EVM_API_INK;
    pub(crate) const TRANSIENT_LOAD: u64 = HOSTIO_INK + 2 * PTR_INK + EVM_API_INK;
    pub(crate) const TRANSIENT_STORE: u64 = HOSTIO_INK + 2 * PTR_INK + EVM_API_INK;
    pub(crate) const CALL_CONTRACT: u64 = HOSTIO_INK + 3 * PTR_INK + EVM_API_INK;
    pub(crate) const CREATE1: u64 = HOSTIO_INK + 3 * PTR_INK + EVM_API_INK;
    pub(crate) const CREATE2: u64 = HOSTIO_INK + 4 * PTR_INK + EVM_API_INK;
    pub(crate) const READ_RETURN_DATA: u64 = HOSTIO_INK + EVM_API_INK;
    pub(crate) const RETURN_DATA_SIZE: u64 = HOSTIO_INK;
    pub(crate) const EMIT_LOG: u64 = HOSTIO_INK + EVM_API_INK;
    pub(crate) const ACCOUNT_BALANCE: u64 = HOSTIO_INK + 2 * PTR_INK + EVM_API_INK;
    pub(crate) const ACCOUNT_CODE: u64 = HOSTIO_INK + EVM_API_INK;
    pub(crate) const ACCOUNT_CODE_SIZE: u64 = HOSTIO_INK + EVM_API_INK;
    pub(crate) const ACCOUNT_CODE_HASH: u64 = HOSTIO_INK + 2 * PTR_INK + EVM_API_INK;
    pub(crate) const BLOCK_BASEFEE: u64 = HOSTIO_INK + PTR_INK;
    pub(crate) const BLOCK_COINBASE: u64 = HOSTIO_INK + PTR_INK;
    pub(crate) const BLOCK_GAS_LIMIT: u64 = HOSTIO_INK;
    pub(crate) const BLOCK_NUMBER: u64 = HOSTIO_INK;
    pub(crate) const BLOCK_TIMESTAMP: u64 = HOSTIO_INK;
    pub(crate) const CHAIN_ID: u64 = HOSTIO_INK;
    pub(crate) const ADDRESS: u64 = HOSTIO_INK + PTR_INK;
    pub(crate) const EVM_GAS_LEFT: u64 = HOSTIO_INK;
    pub(crate) const EVM_INK_LEFT: u64 = HOSTIO_INK;
    pub(crate) const MATH_DIV: u64 = HOSTIO_INK + 3 * PTR_INK + DIV_INK;
    pub(crate) const MATH_MOD: u64 = HOSTIO_INK + 3 * PTR_INK + DIV_INK;
    pub(crate) const MATH_POW: u64 = HOSTIO_INK + 3 * PTR_INK;
    pub(crate) const MATH_ADD_MOD: u64 = HOSTIO_INK + 4 * PTR_INK + ADD_MOD_INK;
    pub(crate) const MATH_MUL_MOD: u64 = HOSTIO_INK + 4 * PTR_INK + MUL_MOD_INK;
    pub(crate) const MSG_REENTRANT: u64 = HOSTIO_INK;
    pub(crate) const MSG_SENDER: u64 = HOSTIO_INK + PTR_INK;
    pub(crate) const MSG_VALUE: u64 = HOSTIO_INK + PTR_INK;
    pub(crate) const TX_GAS_PRICE: u64 = HOSTIO_INK + PTR_INK;
    pub(crate) const TX_INK_PRICE: u64 = HOSTIO_INK;
    pub(crate) const TX_ORIGIN: u64 = HOSTIO_INK + PTR_INK;
    pub(crate) const PAY_FOR_MEMORY_GROW: u64 = HOSTIO_INK;
}

/// Ink to copy `bytes` into the program's memory.
pub(crate) fn write_price(bytes: u32) -> u64 {
    5040u64.saturating_add(30u64.saturating_mul(u64::from(bytes.saturating_sub(32))))
}

/// Ink to read `bytes` from the program's memory.
pub(crate) fn read_price(bytes: u32) -> u64 {
    16_381u64.saturating_add(55u64.saturating_mul(u64::from(bytes.saturating_sub(32))))
}

/// Ink to hash `bytes` with keccak256.
pub(crate) fn keccak_price(bytes: u32) -> u64 {
    let words = u64::from(bytes).div_ceil(32).saturating_sub(2);
    121_800u64.saturating_add(21_000u64.saturating_mul(words))
}

/// Ink for `math_pow` with this big-endian exponent: cheaper per leading zero byte.
pub(crate) fn pow_price(exponent: &[u8; 32]) -> u64 {
    let zeros = exponent.iter().take_while(|&&b| b == 0).count() as u64;
    let exp = 33 - zeros;
    3000 + exp * 17_500
}

/// Ink bought by `gas` at `ink_price`.
pub fn gas_to_ink(gas: u64, ink_price: u32) -> u64 {
    gas.saturating_mul(u64::from(ink_price))
}

/// Whole gas `ink` is worth at `ink_price` (rounded down, as Nitro refunds).
pub fn ink_to_gas(ink: u64, ink_price: u32) -> u64 {
    ink / u64::from(ink_price.max(1))
}

/// Whether `op` ends a basic block for metering (Nitro's `ends_basic_block`).
pub(crate) fn ends_basic_block(op: &Operator<'_>) -> bool {
    matches!(
        op,
        Operator::End
            | Operator::Else
            | Operator::Return
            | Operator::Loop { .. }
            | Operator::Br { .. }
            | Operator::BrTable { .. }
            | Operator::BrIf { .. }
            | Operator::If { .. }
            | Operator::Call { .. }
            | Operator::CallIndirect { .. }
    )
}

/// Nitro's `pricing_v1`: ink of one operator. Unsupported operators (floats, SIMD, atomics,
/// reference types, tables, ...) cost `u64::MAX`, so no block containing one is affordable.
/// `type_params` holds the parameter count of each type, for `call_indirect`.
pub(crate) fn op_ink(op: &Operator<'_>, type_params: &[u64]) -> u64 {
    use Operator::*;
    match op {
        Unreachable | Return | Nop | I32Const { .. } | I64Const { .. } => 1,
        Drop => 9,
        Block { .. } | Loop { .. } | Else | End => 1,
        Br { .. } | BrIf { .. } | If { .. } => 765,
        Select => 1250,
        Call { .. } => 3800,
        LocalGet { .. } | LocalTee { .. } => 75,
        LocalSet { .. } => 210,
        GlobalGet { .. } => 225,
        GlobalSet { .. } => 575,
        I32Load { .. }
        | I32Load8S { .. }
        | I32Load8U { .. }
        | I32Load16S { .. }
        | I32Load16U { .. } => 670,
        I64Load { .. }
        | I64Load8S { .. }
        | I64Load8U { .. }
        | I64Load16S { .. }
        | I64Load16U { .. }
        | I64Load32S { .. }
        | I64Load32U { .. } => 680,
        I32Store { .. } | I32Store8 { .. } | I32Store16 { .. } => 825,
        I64Store { .. } | I64Store8 { .. } | I64Store16 { .. } | I64Store32 { .. } => 950,
        MemorySize { .. } => 3000,
        MemoryGrow { .. } => 8050,

        I32Eqz | I32Eq | I32Ne | I32LtS | I32LtU | I32GtS | I32GtU | I32LeS | I32LeU | I32GeS
        | I32GeU => 170,
        I64Eqz | I64Eq | I64Ne | I64LtS | I64LtU | I64GtS | I64GtU | I64LeS | I64LeU | I64GeS
        | I64GeU => 225,

        I32Clz | I32Ctz => 210,
        I32Add | I32Sub => 70,
        I32Mul => 160,
        I32DivS | I32DivU | I32RemS | I32RemU => 1120,
        I32And | I32Or | I32Xor | I32Shl | I32ShrS | I32ShrU | I32Rotl | I32Rotr => 70,

        I64Clz | I64Ctz => 210,
        I64Add | I64Sub => 100,
        I64Mul => 160,
        I64DivS | I64DivU | I64RemS | I64RemU => 1270,
        I64And | I64Or | I64Xor | I64Shl | I64ShrS | I64ShrU | I64Rotl | I64Rotr => 100,

        I32Popcnt => 2650,
        I64Popcnt => 6000,

        I32WrapI64 | I64ExtendI32S | I64ExtendI32U => 100,
        I32Extend8S | I32Extend16S | I64Extend8S | I64Extend16S | I64Extend32S => 100,
        MemoryCopy { .. } | MemoryFill { .. } => 950,

        BrTable { targets } => 2400u64.saturating_add(325 * u64::from(targets.len())),
        CallIndirect { type_index, .. } => {
            let params = type_params
                .get(*type_index as usize)
                .copied()
                .unwrap_or(u64::MAX / 1024);
            13_610u64.saturating_add(650u64.saturating_mul(params))
        }
        _ => u64::MAX,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostio_bases_match_nitro_figures() {
        assert_eq!(hostio::STORAGE_LOAD, 18_480);
        assert_eq!(hostio::STORAGE_FLUSH, 68_073);
        assert_eq!(hostio::CALL_CONTRACT, 83_193);
        assert_eq!(hostio::MSG_SENDER, 13_440);
    }

    #[test]
    fn data_prices_follow_nitro() {
        assert_eq!(read_price(0), 16_381);
        assert_eq!(read_price(64), 16_381 + 55 * 32);
        assert_eq!(write_price(32), 5040);
        assert_eq!(write_price(33), 5070);
        assert_eq!(keccak_price(64), 121_800);
        assert_eq!(keccak_price(65), 142_800);
        let mut exp = [0u8; 32];
        assert_eq!(pow_price(&exp), 3000 + 17_500);
        exp[31] = 2;
        assert_eq!(pow_price(&exp), 3000 + 2 * 17_500);
    }

    #[test]
    fn floats_are_unaffordable() {
        let op = Operator::F32Add;
        assert_eq!(op_ink(&op, &[]), u64::MAX);
    }
}
