//! A seeded generator.

/// xorshift64*: small, seeded, good enough to pick cases.
pub(super) struct Rng(u64);

impl Rng {
    pub(super) fn new(seed: u64) -> Self {
        Self(seed.max(1))
    }

    pub(super) fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub(super) fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    /// A number in `lo..=hi`.
    pub(super) fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below(hi - lo + 1)
    }

    pub(super) fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }

    pub(super) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }

    pub(super) fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }

    pub(super) fn bytes_in(&mut self, lo: u64, hi: u64) -> Vec<u8> {
        let n = self.range(lo, hi) as usize;
        self.bytes(n)
    }

    /// Hex digits of `lo..=hi` bytes.
    pub(super) fn hex_bytes(&mut self, lo: u64, hi: u64) -> String {
        let n = self.range(lo, hi) as usize * 2;
        self.hex(n)
    }

    /// An odd number of hex digits, between `2 * lo - 1` and `2 * hi - 1`.
    pub(super) fn hex_in(&mut self, lo: u64, hi: u64) -> String {
        let n = self.range(lo, hi) as usize * 2 - 1;
        self.hex(n)
    }

    pub(super) fn hex(&mut self, digits: usize) -> String {
        (0..digits)
            .map(|_| char::from(b"0123456789abcdef"[self.below(16) as usize]))
            .collect()
    }

    pub(super) fn word(&mut self) -> String {
        let len = self.range(1, 12) as usize;
        (0..len)
            .map(|_| {
                char::from(
                    b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJ_0123456789"[self.below(47) as usize],
                )
            })
            .collect()
    }
}
