//! Checked multiply-then-divide with an explicit rounding direction.
//!
//! The product `a * b` is computed on 512 bits, so it never overflows; only a quotient that does
//! not fit in 256 bits, or a zero divisor, yields `None`. Callers name the rounding they want
//! (`down` pays out less, `up` charges more), as solmate's `mulDivDown`/`mulDivUp` do.

use alloy_primitives::U256;

/// Denominator of basis-point ratios: `10_000` basis points are 100 %.
pub const BPS_DENOMINATOR: u64 = 10_000;

/// The 512-bit product `a * b` as `(high, low)` halves (schoolbook on 64-bit limbs; smaller in
/// WASM than ruint's generic widening multiplication).
fn full_mul(a: U256, b: U256) -> (U256, U256) {
    let (a, b) = (a.as_limbs(), b.as_limbs());
    let mut r = [0u64; 8];
    for i in 0..4 {
        let mut carry: u128 = 0;
        for j in 0..4 {
            // (2^64-1)^2 + 2 * (2^64-1) = 2^128 - 1: the sum never wraps.
            let t = u128::from(a[i])
                .wrapping_mul(u128::from(b[j]))
                .wrapping_add(u128::from(r[i + j]))
                .wrapping_add(carry);
            r[i + j] = t as u64;
            carry = t >> 64;
        }
        r[i + 4] = carry as u64;
    }
    (
        U256::from_limbs([r[4], r[5], r[6], r[7]]),
        U256::from_limbs([r[0], r[1], r[2], r[3]]),
    )
}

/// Quotient and "has remainder" flag of `a * b / d`, or `None` if `d == 0` or the quotient
/// does not fit in 256 bits.
///
/// Binary long division of the 512-bit product, one bit per step. It is deliberately not
/// ruint's division: that pulls in about 23 KB of WASM (one Knuth division per width), while
/// this loop is a few hundred bytes and costs a negligible amount of ink (at most 256 shift /
/// compare / subtract steps on four limbs). Kept out of line so every caller shares one copy.
#[inline(never)]
fn mul_div(a: U256, b: U256, d: U256) -> Option<(U256, bool)> {
    if d.is_zero() {
        return None;
    }
    let (high, low) = full_mul(a, b);
    // The quotient fits in 256 bits exactly when the high half is below the divisor.
    if high >= d {
        return None;
    }
    // Invariant: remainder < d. Bits of `low` above its length are zero and can be skipped
    // when the high half is zero.
    let mut remainder = high;
    let mut quotient = U256::ZERO;
    let steps = if high.is_zero() { low.bit_len() } else { 256 };
    for i in (0..steps).rev() {
        // remainder * 2 + bit may need 257 bits: keep the carry explicitly.
        let carry = remainder.bit(255);
        remainder = (remainder << 1usize) | U256::from(low.bit(i) as u8);
        if carry || remainder >= d {
            // With a carry the true value is remainder + 2^256 >= d, and the difference is
            // below d < 2^256, so the wrapping subtraction is exact.
            remainder = remainder.wrapping_sub(d);
            quotient.set_bit(i, true);
        }
    }
    Some((quotient, !remainder.is_zero()))
}

/// `floor(a * b / d)`; `None` if `d == 0` or the result exceeds `U256::MAX`.
pub fn mul_div_down(a: U256, b: U256, d: U256) -> Option<U256> {
    mul_div(a, b, d).map(|(q, _)| q)
}

/// `ceil(a * b / d)`; `None` if `d == 0` or the result exceeds `U256::MAX`.
pub fn mul_div_up(a: U256, b: U256, d: U256) -> Option<U256> {
    let (q, has_remainder) = mul_div(a, b, d)?;
    if has_remainder {
        q.checked_add(U256::from(1u8))
    } else {
        Some(q)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::ruint::Uint;

    type U512 = Uint<512, 8>;
    use proptest::prelude::*;

    fn u(x: u128) -> U256 {
        U256::from(x)
    }

    #[test]
    fn rounds_down_and_up_on_a_remainder() {
        assert_eq!(mul_div_down(u(10), u(10), u(3)), Some(u(33)));
        assert_eq!(mul_div_up(u(10), u(10), u(3)), Some(u(34)));
    }

    #[test]
    fn exact_division_rounds_the_same_both_ways() {
        assert_eq!(mul_div_down(u(6), u(4), u(8)), Some(u(3)));
        assert_eq!(mul_div_up(u(6), u(4), u(8)), Some(u(3)));
    }

    #[test]
    fn division_by_zero_is_none() {
        assert_eq!(mul_div_down(u(1), u(1), U256::ZERO), None);
        assert_eq!(mul_div_up(u(1), u(1), U256::ZERO), None);
    }

    #[test]
    fn a_product_above_256_bits_still_divides_exactly() {
        // (2^256 - 1) * (2^256 - 1) / (2^256 - 1) = 2^256 - 1
        assert_eq!(
            mul_div_down(U256::MAX, U256::MAX, U256::MAX),
            Some(U256::MAX)
        );
        assert_eq!(mul_div_up(U256::MAX, U256::MAX, U256::MAX), Some(U256::MAX));
        // MAX * 3 / 4 needs the wide path and fits.
        let expected = U256::MAX / u(4) * u(3) + u(2); // floor((2^256-1)*3/4)
        assert_eq!(mul_div_down(U256::MAX, u(3), u(4)), Some(expected));
        assert_eq!(mul_div_up(U256::MAX, u(3), u(4)), Some(expected + u(1)));
    }

    #[test]
    fn a_quotient_above_256_bits_is_none() {
        assert_eq!(mul_div_down(U256::MAX, u(2), u(1)), None);
        assert_eq!(mul_div_up(U256::MAX, U256::MAX, u(2)), None);
    }

    #[test]
    fn a_wide_quotient_just_above_the_maximum_is_none() {
        // MAX^2 = (MAX - 1)(MAX + 1) + 1, so the quotient is MAX + 1.
        assert_eq!(mul_div_down(U256::MAX, U256::MAX, U256::MAX - u(1)), None);
        assert_eq!(mul_div_up(U256::MAX, U256::MAX, U256::MAX - u(1)), None);
    }

    /// Full-width values, values of any bit length, and small values (so that wide products
    /// over small divisors, the interesting case, come up often).
    fn any_u256() -> impl Strategy<Value = U256> {
        prop_oneof![
            prop::array::uniform4(any::<u64>()).prop_map(U256::from_limbs),
            (prop::array::uniform4(any::<u64>()), 0usize..256)
                .prop_map(|(l, bits)| U256::from_limbs(l) >> bits),
            any::<u64>().prop_map(U256::from),
        ]
    }

    proptest! {
        #[test]
        fn matches_u128_reference_arithmetic(a in any::<u64>(), b in any::<u64>(), d in 1u64..) {
            let exact = (a as u128) * (b as u128);
            let down = exact / d as u128;
            let up = exact.div_ceil(d as u128);
            prop_assert_eq!(mul_div_down(U256::from(a), U256::from(b), U256::from(d)), Some(U256::from(down)));
            prop_assert_eq!(mul_div_up(U256::from(a), U256::from(b), U256::from(d)), Some(U256::from(up)));
        }

        #[test]
        fn up_is_down_or_down_plus_one(a in any_u256(), b in any_u256(), d in any_u256()) {
            match (mul_div_down(a, b, d), mul_div_up(a, b, d)) {
                (Some(down), Some(up)) => prop_assert!(up == down || up == down + U256::from(1u8)),
                (None, up) => prop_assert!(up.is_none()),
                (Some(down), None) => prop_assert_eq!(down, U256::MAX),
            }
        }

        #[test]
        fn full_mul_matches_ruint_widening_mul(a in any_u256(), b in any_u256()) {
            let wide: U512 = a.widening_mul(b);
            let l = wide.as_limbs();
            prop_assert_eq!(
                full_mul(a, b),
                (U256::from_limbs([l[4], l[5], l[6], l[7]]), U256::from_limbs([l[0], l[1], l[2], l[3]]))
            );
        }

        #[test]
        fn matches_ruint_wide_division(a in any_u256(), b in any_u256(), d in any_u256()) {
            let product: U512 = a.widening_mul(b);
            let expected = if d.is_zero() {
                None
            } else {
                let (q, r) = product.div_rem(U512::from(d));
                let limbs = q.as_limbs();
                if limbs[4..].iter().any(|&l| l != 0) {
                    None
                } else {
                    Some((U256::from_limbs([limbs[0], limbs[1], limbs[2], limbs[3]]), !r.is_zero()))
                }
            };
            prop_assert_eq!(mul_div(a, b, d), expected);
        }

        #[test]
        fn matches_ruint_division_on_small_products(a in any::<u128>(), b in any::<u64>(), d in any_u256()) {
            let (a, b) = (U256::from(a), U256::from(b));
            let expected = if d.is_zero() { None } else {
                let (q, r) = (a * b).div_rem(d);
                Some((q, !r.is_zero()))
            };
            prop_assert_eq!(mul_div(a, b, d), expected);
        }

        #[test]
        fn down_times_divisor_never_exceeds_the_product(a in any::<u128>(), b in any::<u128>(), d in 1u128..) {
            let (a, b, d) = (U256::from(a), U256::from(b), U256::from(d));
            let down = mul_div_down(a, b, d).expect("a u128 * u128 product fits in 256 bits");
            let up = mul_div_up(a, b, d).expect("a u128 * u128 product fits in 256 bits");
            // 2^128 * 2^128 = 2^256 does not fit, so compare through the wide type.
            let product: U512 = a.widening_mul(b);
            prop_assert!(U512::from(down) * U512::from(d) <= product);
            prop_assert!(U512::from(up) * U512::from(d) >= product);
        }
    }
}
