//! Writes each contract's Solidity interface and constructor, as the Stylus SDK generates them
//! under `export-abi`, to `$OUT_DIR/<Name>.interface` and `$OUT_DIR/<Name>.constructor`; the
//! library includes them.

use std::fmt;
use std::path::Path;

use stylus_sdk::abi::GenerateAbi;

/// Renders one of [`GenerateAbi`]'s formatters.
struct Render(fn(&mut fmt::Formatter<'_>) -> fmt::Result);

impl fmt::Display for Render {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (self.0)(f)
    }
}

fn export<T: GenerateAbi>(out: &Path, name: &str) {
    for (ext, render) in [
        ("interface", Render(T::fmt_abi)),
        ("constructor", Render(T::fmt_constructor_signature)),
    ] {
        let path = out.join(format!("{name}.{ext}"));
        std::fs::write(&path, render.to_string())
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", path.display()));
    }
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let out = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let out = Path::new(&out);
    export::<backstop_vault::BackstopVault>(out, "BackstopVault");
    export::<loss_absorber::LossAbsorber>(out, "LossAbsorber");
    export::<governance_timelock::GovernanceTimelock>(out, "GovernanceTimelock");
    export::<test_stablecoin::TestStablecoin>(out, "TestStablecoin");
    export::<mock_market::MockMarket>(out, "MockMarket");
}
