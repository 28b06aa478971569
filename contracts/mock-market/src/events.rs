//! Events of the MockMarket.

use alloy_sol_types::sol;

sol! {
    /// The market reported a loss to the absorber and got `(covered, uncovered)` back.
    event LossReported(bytes32 indexed lossId, uint256 amount, uint256 covered, uint256 uncovered);
    /// The market paid `amount` of premium into the vault.
    event PremiumPaid(uint256 amount);
    /// The market returned `amount` of recovered funds to the vault.
    event FundsReturned(uint256 amount);
}
