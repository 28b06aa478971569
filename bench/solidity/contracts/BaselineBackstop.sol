// SPDX-License-Identifier: MIT
pragma solidity 0.8.30;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

// Solidity baselines of BackstopVault and LossAbsorber for the gas benchmark
// (test/examples/gas_bench.rs). They implement the operations the benchmark measures with the
// same semantics and the same storage accounting as the Stylus contracts in contracts/vault and
// contracts/absorber: the same state variables in the same order (so the same slots are read and
// written, packed the same way), the same checks, the same events. What they leave out is what
// the benchmark never calls (pause, sweep, returnFunds, the setters other than setLossModule,
// the two-step governance handover, emergencyMint). Written the way a Solidity developer would
// write them: OpenZeppelin's ERC4626 and ERC20 underneath, addresses fixed at construction are
// `immutable` (Stylus has no immutables; our contracts read those from storage), and
// short-circuits where the value already decides (e.g. no vesting slots read while nothing vests).
// Not audited, not for deployment: a measuring stick.

/// @notice BackstopVault's semantics on OpenZeppelin's ERC4626: internal `totalAssets` with
/// linearly vesting premiums, exit cooldown with an unstake window, deposit cap, pause flag,
/// post-loss freeze, and `cover` for the loss module within `maxSlashBps` and the `minAssets` floor.
contract BaselineVault is ERC4626 {
    using Math for uint256;

    uint256 private constant BPS = 10_000;

    // Storage, in BackstopVault's order after the share token (OpenZeppelin's ERC20 holds the
    // balances, allowances, supply, name and symbol; the asset is ERC4626's immutable).
    uint256 private _storedAssets;
    uint256 private _vestAmount;
    uint64 private _vestStart;
    uint64 private _vestEnd;
    uint256 public minAssets;
    uint256 public depositCap;
    uint64 public frozenUntil;
    bool public paused;
    mapping(address => uint256) private _cooldownShares;
    mapping(address => uint64) private _cooldownStart;
    uint64 public cooldownPeriod;
    uint64 public unstakeWindow;
    uint64 public premiumVestingPeriod;
    uint64 public postLossFreeze;
    uint256 public maxSlashBps;
    address public governance;
    address public pendingGovernance;
    address public guardian;
    address public lossModule;

    event CooldownStarted(address indexed account, uint256 shares, uint64 windowStart, uint64 windowEnd);
    event PremiumNotified(address indexed payer, uint256 amount, uint256 unvested, uint64 vestingEnd);
    event LossCovered(address indexed recipient, uint256 requested, uint256 covered, uint64 frozenUntil);
    event LossModuleUpdated(address indexed previous, address indexed next);

    error NotGovernance(address caller);
    error NotLossModule(address caller);
    error NothingToCooldown(address account);
    error ZeroAmount();
    error ZeroAddress(bytes32 parameter);
    error ParameterOutOfBounds(bytes32 parameter, uint256 value, uint256 min, uint256 max);

    constructor(
        IERC20 asset_,
        address governance_,
        address guardian_,
        uint256 minAssets_,
        uint256 depositCap_,
        uint64 cooldownPeriod_,
        uint64 unstakeWindow_
    ) ERC20("Baseline Vault bUSD", "blbUSD") ERC4626(asset_) {
        if (governance_ == address(0)) revert ZeroAddress("governance");
        if (minAssets_ == 0) revert ParameterOutOfBounds("minAssets", 0, 1, type(uint256).max);
        if (cooldownPeriod_ > 90 days) revert ParameterOutOfBounds("cooldownPeriod", cooldownPeriod_, 0, 90 days);
        if (unstakeWindow_ < 1 hours || unstakeWindow_ > 30 days) {
            revert ParameterOutOfBounds("unstakeWindow", unstakeWindow_, 1 hours, 30 days);
        }
        governance = governance_;
        guardian = guardian_;
        minAssets = minAssets_;
        depositCap = depositCap_;
        cooldownPeriod = cooldownPeriod_;
        unstakeWindow = unstakeWindow_;
        premiumVestingPeriod = 7 days;
        postLossFreeze = 1 days;
        maxSlashBps = 3_000;
    }

    function _decimalsOffset() internal pure override returns (uint8) {
        return 3;
    }

    // ----- Premium vesting -----

    /// Unvested part at `t` of `amount` vesting linearly from `start` to `end`, rounded up.
    function _unvested(uint256 amount, uint64 start, uint64 end, uint256 t) private pure returns (uint256) {
        if (amount == 0 || t >= end) return 0;
        if (t <= start) return amount;
        return amount.mulDiv(end - t, end - start, Math.Rounding.Ceil);
    }

    function unvestedPremium() public view returns (uint256) {
        uint256 amount = _vestAmount;
        if (amount == 0) return 0;
        return _unvested(amount, _vestStart, _vestEnd, block.timestamp);
    }

    /// Moves vested premium into the stored total (BackstopVault's `_accrue`).
    function _accrue() private {
        uint256 amount = _vestAmount;
        if (amount == 0) return;
        uint256 unvested = _unvested(amount, _vestStart, _vestEnd, block.timestamp);
        uint256 vested = amount - unvested;
        if (vested == 0) return;
        _storedAssets += vested;
        if (unvested == 0) {
            _vestAmount = 0;
            _vestStart = 0;
            _vestEnd = 0;
        } else {
            _vestAmount = unvested;
            _vestStart = uint64(block.timestamp);
        }
    }

    /// Accounted assets: the stored total plus premium vested since the last accrual.
    function totalAssets() public view override returns (uint256) {
        uint256 amount = _vestAmount;
        if (amount == 0) return _storedAssets;
        return _storedAssets + (amount - _unvested(amount, _vestStart, _vestEnd, block.timestamp));
    }

    // ----- Limits -----

    function maxDeposit(address) public view override returns (uint256) {
        if (paused || block.timestamp < frozenUntil) return 0;
        uint256 cap = depositCap;
        uint256 assets = totalAssets();
        return cap > assets ? cap - assets : 0;
    }

    function maxMint(address) public view override returns (uint256) {
        uint256 maxAssets = maxDeposit(address(0));
        if (maxAssets == 0) return 0;
        return _convertToShares(maxAssets, Math.Rounding.Floor);
    }

    /// The snapshot (at most the balance) while the owner's unstake window is open, else 0.
    function maxRedeem(address owner) public view override returns (uint256) {
        uint256 snapshot = _cooldownShares[owner];
        if (snapshot == 0) return 0;
        uint256 windowStart = uint256(_cooldownStart[owner]) + cooldownPeriod;
        if (block.timestamp < windowStart || block.timestamp >= windowStart + unstakeWindow) return 0;
        uint256 balance = balanceOf(owner);
        return snapshot < balance ? snapshot : balance;
    }

    function maxWithdraw(address owner) public view override returns (uint256) {
        uint256 shares = maxRedeem(owner);
        if (shares == 0) return 0;
        return _convertToAssets(shares, Math.Rounding.Floor);
    }

    // ----- ERC-4626 flows: accrue first, then OpenZeppelin's checks and conversions -----

    function deposit(uint256 assets, address receiver) public override returns (uint256) {
        _accrue();
        return super.deposit(assets, receiver);
    }

    function mint(uint256 shares, address receiver) public override returns (uint256) {
        _accrue();
        return super.mint(shares, receiver);
    }

    function withdraw(uint256 assets, address receiver, address owner) public override returns (uint256) {
        _accrue();
        return super.withdraw(assets, receiver, owner);
    }

    function redeem(uint256 shares, address receiver, address owner) public override returns (uint256) {
        _accrue();
        return super.redeem(shares, receiver, owner);
    }

    /// Assets in, then booked, then shares out (as BackstopVault).
    function _deposit(address caller, address receiver, uint256 assets, uint256 shares) internal override {
        if (receiver == address(0)) revert ERC20InvalidReceiver(address(0));
        _transferIn(caller, assets);
        _storedAssets += assets;
        _mint(receiver, shares);
        emit Deposit(caller, receiver, assets, shares);
    }

    /// Shares burned and the snapshot spent before the assets leave (as BackstopVault).
    function _withdraw(address caller, address receiver, address owner, uint256 assets, uint256 shares)
        internal
        override
    {
        if (receiver == address(0)) revert ERC20InvalidReceiver(address(0));
        if (caller != owner) _spendAllowance(owner, caller, shares);
        _burn(owner, shares);
        uint256 left = balanceOf(owner);
        uint256 snapshot = _cooldownShares[owner];
        snapshot = snapshot > shares ? snapshot - shares : 0;
        _cooldownShares[owner] = snapshot < left ? snapshot : left;
        _storedAssets -= assets;
        _transferOut(receiver, assets);
        emit Withdraw(caller, receiver, owner, assets, shares);
    }

    /// A transfer out caps the sender's cooldown snapshot at what it keeps.
    function _update(address from, address to, uint256 value) internal override {
        super._update(from, to, value);
        if (from != address(0) && to != address(0) && from != to) {
            uint256 snapshot = _cooldownShares[from];
            uint256 left = balanceOf(from);
            if (snapshot > left) _cooldownShares[from] = left;
        }
    }

    // ----- Cooldown -----

    function cooldown() external {
        address account = msg.sender;
        uint256 shares = balanceOf(account);
        if (shares == 0) revert NothingToCooldown(account);
        _cooldownShares[account] = shares;
        _cooldownStart[account] = uint64(block.timestamp);
        uint256 windowStart = block.timestamp + cooldownPeriod;
        emit CooldownStarted(account, shares, uint64(windowStart), uint64(windowStart + unstakeWindow));
    }

    function cooldownInfo(address owner) external view returns (uint256, uint64, uint64, uint64) {
        uint256 shares = _cooldownShares[owner];
        if (shares == 0) return (0, 0, 0, 0);
        uint64 start = _cooldownStart[owner];
        uint64 windowStart = start + cooldownPeriod;
        return (shares, start, windowStart, windowStart + unstakeWindow);
    }

    // ----- Premiums and losses -----

    /// Pays `amount` of premium in; it vests over `premiumVestingPeriod`, restarting the period
    /// with the unvested rest added.
    function notifyPremium(uint256 amount) external {
        if (amount == 0) revert ZeroAmount();
        _accrue();
        _transferIn(msg.sender, amount);
        uint64 period = premiumVestingPeriod;
        uint256 total = unvestedPremium() + amount;
        uint64 end = uint64(block.timestamp) + period;
        if (period == 0) {
            _storedAssets += total;
            _vestAmount = 0;
            _vestStart = 0;
            _vestEnd = 0;
            emit PremiumNotified(msg.sender, amount, 0, end);
        } else {
            _vestAmount = total;
            _vestStart = uint64(block.timestamp);
            _vestEnd = end;
            emit PremiumNotified(msg.sender, amount, total, end);
        }
    }

    /// `min(totalAssets * maxSlashBps / 10_000, totalAssets - minAssets)`, 0 at or below the floor.
    function maxCoverable() public view returns (uint256) {
        uint256 total = totalAssets();
        uint256 floor = minAssets;
        if (total <= floor) return 0;
        uint256 bySlash = total.mulDiv(maxSlashBps, BPS);
        uint256 aboveFloor = total - floor;
        return bySlash < aboveFloor ? bySlash : aboveFloor;
    }

    /// Loss module only: pays `min(amount, maxCoverable())` to `recipient` without burning
    /// shares and freezes deposits for `postLossFreeze`.
    function cover(uint256 amount, address recipient) external returns (uint256 covered) {
        address caller = msg.sender;
        if (caller != lossModule || caller == address(0)) revert NotLossModule(caller);
        if (recipient == address(0)) revert ERC20InvalidReceiver(address(0));
        _accrue();
        covered = Math.min(amount, maxCoverable());
        uint64 until = frozenUntil;
        if (covered != 0) {
            _storedAssets -= covered;
            until = uint64(block.timestamp) + postLossFreeze;
            frozenUntil = until;
            _transferOut(recipient, covered);
        }
        emit LossCovered(recipient, amount, covered, until);
    }

    function setLossModule(address next) external {
        if (msg.sender != governance) revert NotGovernance(msg.sender);
        address previous = lossModule;
        lossModule = next;
        emit LossModuleUpdated(previous, next);
    }
}

interface IBaselineVault {
    function asset() external view returns (address);
    function maxCoverable() external view returns (uint256);
    function cover(uint256 amount, address recipient) external returns (uint256);
}

/// @notice LossAbsorber's semantics: enabled markets report losses; the vault covers
/// `min(amount, capLeft, windowLeft, vault.maxCoverable())` (per-market lifetime cap, exact
/// rolling window over a log of covers found by binary search, the vault's per-loss max slash),
/// the rest is recorded as the market's deficit; a repeated `(market, lossId)` replays the first
/// result. Books are written before the vault is called.
contract BaselineAbsorber {
    struct Market {
        bool enabled;
        uint256 cap;
        uint256 drawn;
        uint256 deficit;
    }

    struct LossRecord {
        uint256 amount;
        uint256 covered;
    }

    struct CoverEntry {
        uint64 at;
        uint256 total;
    }

    uint64 private constant MIN_PERIOD = 1 hours;
    uint64 private constant MAX_COVER_WINDOW = 30 days;
    uint64 private constant MAX_MINT_PERIOD = 365 days;

    // Storage, in LossAbsorber's order (vault and asset are immutables here).
    address public governance;
    address public pendingGovernance;
    IBaselineVault public immutable vault;
    IERC20 public immutable asset;
    mapping(address => Market) private _markets;
    mapping(address => mapping(bytes32 => LossRecord)) private _losses;
    uint256 public totalDeficit;
    uint256 public maxCoverPerWindow;
    uint64 public coverWindow;
    CoverEntry[] private _coverLog;
    uint256 public mintCapPerPeriod;
    uint64 public mintPeriod;
    uint64 private _mintPeriodStart;
    uint256 private _mintedInPeriod;

    event MarketAdded(address indexed market, uint256 coverageCap);
    event LossAbsorbed(address indexed market, bytes32 indexed lossId, uint256 amount, uint256 covered, uint256 uncovered);
    event LossReplayed(address indexed market, bytes32 indexed lossId, uint256 covered, uint256 uncovered);
    event DeficitSettled(address indexed market, address indexed payer, uint256 amount, uint256 deficitLeft);

    error NotGovernance(address caller);
    error ZeroAddress();
    error ZeroAmount();
    error MarketNotEnabled(address market);
    error MarketAlreadyEnabled(address market);
    error SettleExceedsDeficit(address market, uint256 amount, uint256 deficit);
    error SelfSettlement(address market);
    error VaultCoverMismatch(uint256 requested, uint256 covered);
    error InvalidCoverWindow(uint64 coverWindow, uint64 min, uint64 max);
    error InvalidMintPeriod(uint64 mintPeriod, uint64 min, uint64 max);

    constructor(
        IBaselineVault vault_,
        address governance_,
        uint256 maxCoverPerWindow_,
        uint64 coverWindow_,
        uint256 mintCapPerPeriod_,
        uint64 mintPeriod_
    ) {
        if (address(vault_) == address(0) || governance_ == address(0)) revert ZeroAddress();
        if (coverWindow_ < MIN_PERIOD || coverWindow_ > MAX_COVER_WINDOW) {
            revert InvalidCoverWindow(coverWindow_, MIN_PERIOD, MAX_COVER_WINDOW);
        }
        if (mintPeriod_ < MIN_PERIOD || mintPeriod_ > MAX_MINT_PERIOD) {
            revert InvalidMintPeriod(mintPeriod_, MIN_PERIOD, MAX_MINT_PERIOD);
        }
        vault = vault_;
        asset = IERC20(vault_.asset());
        governance = governance_;
        maxCoverPerWindow = maxCoverPerWindow_;
        coverWindow = coverWindow_;
        mintCapPerPeriod = mintCapPerPeriod_;
        mintPeriod = mintPeriod_;
    }

    function addMarket(address market, uint256 coverageCap) external {
        if (msg.sender != governance) revert NotGovernance(msg.sender);
        if (market == address(0)) revert ZeroAddress();
        Market storage m = _markets[market];
        if (m.enabled) revert MarketAlreadyEnabled(market);
        m.enabled = true;
        m.cap = coverageCap;
        emit MarketAdded(market, coverageCap);
    }

    function marketInfo(address market) external view returns (bool, uint256, uint256, uint256) {
        Market storage m = _markets[market];
        return (m.enabled, m.cap, m.drawn, m.deficit);
    }

    /// Covered within the rolling window now, and the running total of the last logged cover.
    function _coverWindowNow() private view returns (uint256 used, uint256 lastTotal) {
        uint256 len = _coverLog.length;
        if (len == 0) return (0, 0);
        uint256 window = coverWindow;
        uint256 low = 0;
        uint256 high = len;
        while (low < high) {
            uint256 mid = low + (high - low) / 2;
            if (uint256(_coverLog[mid].at) + window > block.timestamp) {
                high = mid;
            } else {
                low = mid + 1;
            }
        }
        lastTotal = _coverLog[len - 1].total;
        if (low == len) return (0, lastTotal);
        uint256 before = low == 0 ? 0 : _coverLog[low - 1].total;
        unchecked {
            used = lastTotal - before; // running totals wrap, as in LossAbsorber
        }
    }

    /// What the vault covers of `amount` now: `min(amount, capLeft, windowLeft, vaultMax)`; and
    /// the running total of the last logged cover.
    /// The window is read only if the market has cap left, the vault asked only if the window
    /// has room too (as LossAbsorber does).
    function _coverable(Market storage m, uint256 amount) private view returns (uint256 covered, uint256 lastTotal) {
        uint256 cap = m.cap;
        uint256 drawn = m.drawn;
        uint256 capLeft = cap > drawn ? cap - drawn : 0;
        if (capLeft == 0) return (0, 0);
        uint256 used;
        (used, lastTotal) = _coverWindowNow();
        uint256 limit = maxCoverPerWindow;
        uint256 windowLeft = limit > used ? limit - used : 0;
        covered = Math.min(Math.min(amount, capLeft), windowLeft);
        if (covered != 0) covered = Math.min(covered, vault.maxCoverable());
    }

    function absorbLoss(bytes32 lossId, uint256 amount) external returns (uint256 covered, uint256 uncovered) {
        address market = msg.sender;
        Market storage m = _markets[market];
        if (!m.enabled) revert MarketNotEnabled(market);
        LossRecord storage record = _losses[market][lossId];
        uint256 first = record.amount;
        if (first != 0) {
            covered = record.covered;
            uncovered = first - covered;
            emit LossReplayed(market, lossId, covered, uncovered);
            return (covered, uncovered);
        }
        if (amount == 0) revert ZeroAmount();
        uint256 lastTotal;
        (covered, lastTotal) = _coverable(m, amount);
        uncovered = amount - covered;
        // Books first (checks-effects-interactions).
        uint256 total = totalDeficit + uncovered;
        m.drawn += covered;
        m.deficit += uncovered;
        totalDeficit = total;
        if (covered != 0) {
            uint256 running;
            unchecked {
                running = lastTotal + covered;
            }
            _coverLog.push(CoverEntry({at: uint64(block.timestamp), total: running}));
        }
        record.amount = amount;
        record.covered = covered;
        if (covered != 0) {
            uint256 paid = vault.cover(covered, market);
            if (paid != covered) revert VaultCoverMismatch(covered, paid);
        }
        emit LossAbsorbed(market, lossId, amount, covered, uncovered);
    }

    /// Pays `amount` from the caller to `market`, lowering its deficit.
    function settleDeficit(address market, uint256 amount) external {
        address payer = msg.sender;
        if (payer == market) revert SelfSettlement(market);
        uint256 deficit = _markets[market].deficit;
        if (amount == 0) revert ZeroAmount();
        if (amount > deficit) revert SettleExceedsDeficit(market, amount, deficit);
        uint256 left = deficit - amount;
        _markets[market].deficit = left;
        totalDeficit -= amount;
        SafeERC20.safeTransferFrom(asset, payer, market, amount);
        emit DeficitSettled(market, payer, amount, left);
    }
}
