//! Prints the MockMarket Solidity interface (`--features export-abi`).
#![cfg_attr(not(any(test, feature = "export-abi")), no_main)]

/// Empty C `main` so the native binary links when the ABI printer is not built (the usual Stylus
/// template); the contract's entry point is `user_entrypoint` in the library.
#[cfg(not(any(test, feature = "export-abi")))]
#[no_mangle]
pub extern "C" fn main() {}

#[cfg(feature = "export-abi")]
fn main() {
    mock_market::print_from_args();
}
