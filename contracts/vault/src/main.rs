//! Prints the contract's Solidity interface (`--features export-abi`).
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]

#[cfg(not(any(test, feature = "export-abi")))]
/// Placeholder `main` for the binary target in WASM builds; the contract's entry point is the
/// library's `user_entrypoint`.
#[no_mangle]
pub extern "C" fn main() {}

#[cfg(feature = "export-abi")]
fn main() {
    backstop_vault::print_from_args();
}
