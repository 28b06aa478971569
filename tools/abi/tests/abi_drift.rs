//! The checked-in `abi/` files must match what the contracts' code exports.

#[test]
fn checked_in_abis_match_the_code() {
    let root = backstop_build::workspace_root();
    if let Err(e) = backstop_abi::sync_abi_dir(&root, true) {
        panic!("{e}");
    }
}
