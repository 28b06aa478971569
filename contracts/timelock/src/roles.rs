//! Role ids: `keccak256` of the role's name, as OpenZeppelin's AccessControl defines them.

use alloy_primitives::B256;
use keccak_const::Keccak256;

const fn role_id(name: &[u8]) -> B256 {
    B256::new(Keccak256::new().update(name).finalize())
}

/// May schedule operations (normal and emergency) and complete governance handovers.
pub const PROPOSER_ROLE: B256 = role_id(b"PROPOSER_ROLE");
/// May execute ready operations. Held by `address(0)`, it opens execution to anyone.
pub const EXECUTOR_ROLE: B256 = role_id(b"EXECUTOR_ROLE");
/// May cancel pending operations. Every proposer gets it at construction (as in OpenZeppelin).
pub const CANCELLER_ROLE: B256 = role_id(b"CANCELLER_ROLE");
/// May cancel pending operations (veto) and nothing else.
pub const GUARDIAN_ROLE: B256 = role_id(b"GUARDIAN_ROLE");

/// Whether `role` is one of the four roles this timelock knows.
pub fn is_known(role: B256) -> bool {
    role == PROPOSER_ROLE
        || role == EXECUTOR_ROLE
        || role == CANCELLER_ROLE
        || role == GUARDIAN_ROLE
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloy_primitives::{b256, keccak256};

    #[test]
    fn role_ids_are_the_keccak_of_their_names() {
        assert_eq!(PROPOSER_ROLE, keccak256("PROPOSER_ROLE"));
        assert_eq!(EXECUTOR_ROLE, keccak256("EXECUTOR_ROLE"));
        assert_eq!(CANCELLER_ROLE, keccak256("CANCELLER_ROLE"));
        assert_eq!(GUARDIAN_ROLE, keccak256("GUARDIAN_ROLE"));
    }

    #[test]
    fn role_ids_match_openzeppelin_constants() {
        assert_eq!(
            PROPOSER_ROLE,
            b256!("b09aa5aeb3702cfd50b6b62bc4532604938f21248a27a1d5ca736082b6819cc1")
        );
        assert_eq!(
            EXECUTOR_ROLE,
            b256!("d8aa0f3194971a2a116679f7c2090f6939c8d4e01a2a8d7e41d55e5351469e63")
        );
    }

    #[test]
    fn unknown_roles_are_rejected() {
        assert!(is_known(GUARDIAN_ROLE));
        assert!(!is_known(B256::ZERO));
    }
}
