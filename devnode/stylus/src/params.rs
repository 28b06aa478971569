//! Stylus chain parameters and the memory-page price model, with Nitro's ArbOS 51 values.

/// One EVM gas buys this much ink by default (`inkPrice()`).
pub const DEFAULT_INK_PRICE: u32 = 10_000;

/// Stylus version the devnode activates programs at (`stylusVersion()`).
pub const STYLUS_VERSION: u16 = 2;

/// Gas charged per unit of `min_init_gas`.
pub const MIN_INIT_GAS_UNITS: u64 = 128;
/// Gas charged per unit of `min_cached_init_gas`.
pub const MIN_CACHED_GAS_UNITS: u64 = 32;
/// Percent of the dynamic init cost charged per unit of the cost scalars.
pub const COST_SCALAR_PERCENT: u64 = 2;

/// ArbWasm's Stylus parameters (`StylusParams` in Nitro), as a `--dev` chain on ArbOS 51 has them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct StylusParams {
    /// Stylus version programs are activated at.
    pub version: u16,
    /// Ink per EVM gas.
    pub ink_price: u32,
    /// Nitro's stack-depth budget (`maxStackDepth()`), in Nitro's depth units.
    pub max_stack_depth: u32,
    /// Pages every transaction gets for free.
    pub free_pages: u16,
    /// Linear gas per page beyond the free ones.
    pub page_gas: u16,
    /// Ramp parameter reported by `pageRamp()` (the ramp itself is Nitro's fixed table).
    pub page_ramp: u64,
    /// Largest initial memory a program may ask for, in 64 KiB pages.
    pub page_limit: u16,
    /// Minimum init gas, in units of 128 gas.
    pub min_init_gas: u8,
    /// Minimum cached init gas, in units of 32 gas.
    pub min_cached_init_gas: u8,
    /// Init cost scalar, in units of 2 %.
    pub init_cost_scalar: u8,
    /// Cached init cost scalar, in units of 2 %.
    pub cached_cost_scalar: u8,
    /// Days after which an activation expires.
    pub expiry_days: u16,
    /// Days an activation must age before it may be renewed.
    pub keepalive_days: u16,
    /// How many recently called programs a block treats as cached.
    pub block_cache_size: u16,
    /// Largest decompressed WASM, in bytes.
    pub max_wasm_size: u32,
}

impl Default for StylusParams {
    fn default() -> Self {
        Self {
            version: STYLUS_VERSION,
            ink_price: DEFAULT_INK_PRICE,
            max_stack_depth: 22_000,
            free_pages: 2,
            page_gas: 1000,
            page_ramp: 620_674_314,
            page_limit: 128,
            min_init_gas: 69,
            min_cached_init_gas: 11,
            init_cost_scalar: 50,
            cached_cost_scalar: 50,
            expiry_days: 365,
            keepalive_days: 31,
            block_cache_size: 32,
            max_wasm_size: 128 * 1024,
        }
    }
}

impl StylusParams {
    /// Gas to enter a program that is not in the init cache (Nitro's `initGas`):
    /// `min_init_gas * 128 + ceil(init_cost * init_cost_scalar * 2 / 100)`.
    pub fn init_gas(&self, init_cost: u16) -> u64 {
        let base = u64::from(self.min_init_gas) * MIN_INIT_GAS_UNITS;
        let dyno = u64::from(init_cost)
            .saturating_mul(u64::from(self.init_cost_scalar) * COST_SCALAR_PERCENT);
        base.saturating_add(dyno.div_ceil(100))
    }

    /// Gas to enter any program at version 2 (Nitro's `cachedGas`):
    /// `min_cached_init_gas * 32 + ceil(cached_init_cost * cached_cost_scalar * 2 / 100)`.
    pub fn cached_gas(&self, cached_init_cost: u16) -> u64 {
        let base = u64::from(self.min_cached_init_gas) * MIN_CACHED_GAS_UNITS;
        let dyno = u64::from(cached_init_cost)
            .saturating_mul(u64::from(self.cached_cost_scalar) * COST_SCALAR_PERCENT);
        base.saturating_add(dyno.div_ceil(100))
    }

    /// The memory model these parameters define.
    pub fn memory_model(&self) -> MemoryModel {
        MemoryModel {
            free_pages: self.free_pages,
            page_gas: self.page_gas,
        }
    }
}

/// Nitro's price for opening memory pages in a transaction (`MemoryModel.GasCost`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct MemoryModel {
    /// Pages every transaction gets for free.
    pub free_pages: u16,
    /// Linear gas per page beyond the free ones.
    pub page_gas: u16,
}

impl MemoryModel {
    /// Gas to open `new` pages when `open` are open and at most `ever` were open at once in this
    /// transaction: linear gas for the pages beyond the free ones plus the growth of the
    /// exponential ramp from `ever` to the new maximum.
    pub fn gas_cost(&self, new: u16, open: u16, ever: u16) -> u64 {
        let new_open = open.saturating_add(new);
        let new_ever = ever.max(new_open);
        if new_ever <= self.free_pages {
            return 0;
        }
        let sub_free = |pages: u16| pages.saturating_sub(self.free_pages);
        let adding = sub_free(new_open).saturating_sub(sub_free(open));
        let linear = u64::from(adding).saturating_mul(u64::from(self.page_gas));
        let expand = ramp(new_ever).saturating_sub(ramp(ever));
        linear.saturating_add(expand)
    }
}

/// Nitro's exponential ramp, in gas, for a transaction that ever held `pages` pages.
fn ramp(pages: u16) -> u64 {
    MEMORY_EXPONENTS
        .get(usize::from(pages))
        .map_or(u64::MAX, |&gas| u64::from(gas))
}

/// Nitro's `memoryExponents` table (index = pages ever open in the transaction).
const MEMORY_EXPONENTS: [u32; 129] = [
    1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3, 4, 5, 5, 6, 7, 8, 9, 11, 12, 14, 17, 19, 22, 25, 29, 33, 38,
    43, 50, 57, 65, 75, 85, 98, 112, 128, 147, 168, 193, 221, 253, 289, 331, 379, 434, 497, 569,
    651, 745, 853, 976, 1117, 1279, 1463, 1675, 1917, 2194, 2511, 2874, 3290, 3765, 4309, 4932,
    5645, 6461, 7395, 8464, 9687, 11087, 12689, 14523, 16621, 19024, 21773, 24919, 28521, 32642,
    37359, 42758, 48938, 56010, 64104, 73368, 83971, 96106, 109994, 125890, 144082, 164904, 188735,
    216010, 247226, 282953, 323844, 370643, 424206, 485509, 555672, 635973, 727880, 833067, 953456,
    1091243, 1248941, 1429429, 1636000, 1872423, 2143012, 2452704, 2807151, 3212820, 3677113,
    4208502, 4816684, 5512756, 6309419, 7221210, 8264766, 9459129, 10826093, 12390601, 14181199,
    16230562, 18576084, 21260563, 24332984, 27849408, 31873999,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn free_pages_cost_nothing() {
        let model = StylusParams::default().memory_model();
        assert_eq!(model.gas_cost(2, 0, 0), 0);
    }

    #[test]
    fn pages_beyond_free_pay_linear_gas_and_ramp() {
        let model = StylusParams::default().memory_model();
        // 3 pages from nothing: 1 page over the free 2 -> 1000 gas, ramp exp(3) - exp(0) = 0.
        assert_eq!(model.gas_cost(3, 0, 0), 1000);
        // 10 more on top of 3 open: 10 * 1000 + exp(13) - exp(3) = 10_000 + 5 - 1.
        assert_eq!(model.gas_cost(10, 3, 3), 10_004);
        // Reopening pages already counted in `ever` pays only the linear part.
        assert_eq!(model.gas_cost(3, 0, 13), 1000);
    }

    #[test]
    fn default_entry_gas_matches_nitro() {
        let params = StylusParams::default();
        // 69 * 128 = 8832 with no dynamic part; 11 * 32 = 352.
        assert_eq!(params.init_gas(0), 8832);
        assert_eq!(params.cached_gas(0), 352);
        // ceil(3 * 100 / 100) = 3.
        assert_eq!(params.cached_gas(3), 355);
    }
}
