//! The checked-in `abi/` files must match a fresh export from the contracts' code.

#[test]
fn checked_in_abis_match_a_fresh_export() {
    let root = backstop_build::workspace_root();
    if let Err(e) = backstop_abi::sync_abi_dir(&root, true) {
        panic!("{e}");
    }
}
