// SPDX-License-Identifier: MIT
pragma solidity ^0.8.23;

// The interface exported from the Stylus contract (abi/, checked against the code by a test):
// functions, typed errors and events exactly as deployed. Nothing here is copied by hand.
import {ILossAbsorber} from "../../abi/LossAbsorber.sol";

/// The one ERC-20 view the market needs (to check that the vault's payment arrived).
interface IERC20Balance {
    function balanceOf(address account) external view returns (uint256);
}

/// @title ExampleLendingMarket
/// @notice How a lending market plugs into the Backstop: when a loan defaults it reports the loss
/// to the LossAbsorber, books what the vault covered as recovered and the rest as bad debt.
/// Lending itself is out of scope: loans are book entries the owner opens.
///
/// The absorber's contract, as a market sees it (docs/SPEC.md section 4.2):
/// - `absorbLoss(lossId, amount)` returns `(covered, uncovered)` with `covered + uncovered ==
///   amount`; `covered` has already been transferred to this contract by the vault when the
///   call returns; `uncovered` is recorded as this market's deficit on the absorber.
/// - A cap, an empty vault or a full window never revert: they only make `uncovered` larger.
/// - It reverts with a typed error when the call cannot be served (`MarketNotEnabled` before
///   governance registers the market, `VaultCallFailed` when the vault cannot pay). Nothing is
///   recorded then, so the same `lossId` can be reported again later.
/// - A repeated `lossId` changes nothing and returns the first result.
contract ExampleLendingMarket {
    enum LoanState {
        None,
        Active,
        /// Defaulted, the backstop call failed: `retry` reports it again.
        Pending,
        /// Defaulted and settled with the backstop: covered and bad debt are booked.
        Resolved
    }

    struct Loan {
        address borrower;
        uint256 principal;
        LoanState state;
        uint256 covered;
        uint256 badDebt;
    }

    ILossAbsorber public immutable absorber;
    IERC20Balance public immutable asset;
    address public immutable owner;

    mapping(uint256 => Loan) public loans;
    uint256 public nextLoanId = 1;
    /// Sum of what the backstop paid this market.
    uint256 public totalRecovered;
    /// Sum of what it did not cover (also this market's deficit on the absorber until settled).
    uint256 public totalBadDebt;

    event LoanOpened(uint256 indexed loanId, address indexed borrower, uint256 principal);
    /// The backstop covered `covered` of the loss (already received).
    event LossRecovered(uint256 indexed loanId, bytes32 indexed lossId, uint256 covered);
    /// The part the backstop did not cover.
    event BadDebtRecorded(uint256 indexed loanId, bytes32 indexed lossId, uint256 amount);
    /// The absorber refused the report; `reason` is its revert data (selector + arguments).
    event BackstopCallFailed(uint256 indexed loanId, bytes32 indexed lossId, bytes4 selector, bytes reason);
    /// The refusal was `MarketNotEnabled`: governance has not registered this market (yet).
    event MarketNotRegistered(uint256 indexed loanId, address market);

    error NotOwner(address caller);
    error BadLoanState(uint256 loanId, LoanState state);
    error ZeroPrincipal();
    /// The absorber reported `covered` but the asset balance grew by `received`.
    error CoverNotReceived(uint256 covered, uint256 received);
    /// The call failed without revert data: out of gas, or no code. Never booked as a refusal.
    error BackstopCallAborted(uint256 loanId);

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    constructor(ILossAbsorber absorber_) {
        absorber = absorber_;
        asset = IERC20Balance(absorber_.asset());
        owner = msg.sender;
    }

    /// The loss id reported for a loan: stable, so a retry is the same loss to the absorber.
    function lossIdOf(uint256 loanId) public pure returns (bytes32) {
        return bytes32(loanId);
    }

    function openLoan(address borrower, uint256 principal) external onlyOwner returns (uint256 loanId) {
        if (principal == 0) revert ZeroPrincipal();
        loanId = nextLoanId++;
        loans[loanId] = Loan(borrower, principal, LoanState.Active, 0, 0);
        emit LoanOpened(loanId, borrower, principal);
    }

    /// The loan defaulted with `principal` outstanding: report it to the backstop.
    /// Returns whether the backstop accepted the report (false: the loan is Pending).
    function reportDefault(uint256 loanId) external onlyOwner returns (bool) {
        Loan storage loan = loans[loanId];
        if (loan.state != LoanState.Active) revert BadLoanState(loanId, loan.state);
        loan.state = LoanState.Pending;
        return _absorb(loanId, loan);
    }

    /// Reports a Pending loan again (after governance registered the market, for example).
    function retry(uint256 loanId) external onlyOwner returns (bool) {
        Loan storage loan = loans[loanId];
        if (loan.state != LoanState.Pending) revert BadLoanState(loanId, loan.state);
        return _absorb(loanId, loan);
    }

    function _absorb(uint256 loanId, Loan storage loan) private returns (bool) {
        bytes32 lossId = lossIdOf(loanId);
        uint256 balanceBefore = asset.balanceOf(address(this));
        try absorber.absorbLoss(lossId, loan.principal) returns (uint256 covered, uint256 uncovered) {
            // The vault pays the market inside absorbLoss: check it before booking it.
            uint256 received = asset.balanceOf(address(this)) - balanceBefore;
            if (received != covered) revert CoverNotReceived(covered, received);
            loan.state = LoanState.Resolved;
            loan.covered = covered;
            loan.badDebt = uncovered;
            totalRecovered += covered;
            totalBadDebt += uncovered;
            if (covered > 0) emit LossRecovered(loanId, lossId, covered);
            if (uncovered > 0) emit BadDebtRecorded(loanId, lossId, uncovered);
            return true;
        } catch (bytes memory reason) {
            // Empty revert data is not the absorber refusing (it always names its error): it is
            // out of gas or a missing contract. Revert the whole transaction rather than book it,
            // so that a gas estimate never settles on the refusal path.
            if (reason.length < 4) revert BackstopCallAborted(loanId);
            bytes4 selector = bytes4(reason);
            if (selector == ILossAbsorber.MarketNotEnabled.selector) {
                emit MarketNotRegistered(loanId, address(this));
            }
            emit BackstopCallFailed(loanId, lossId, selector, reason);
            return false;
        }
    }
}
