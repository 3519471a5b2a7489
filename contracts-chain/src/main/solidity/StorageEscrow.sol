// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/**
 * Escrow for archival storage orders, in one ERC-20 token.
 *
 * A creator funds an order up front at its maximum: replicas x epochs x maximum price per replica-epoch.
 * Each replica is a slot held by an agent (a tenure) at that agent's own price (its ask, never above the
 * maximum); repair moves a slot to a new agent, at its own ask, from the next unsettled epoch, paid from
 * the same escrow. The auditor role reports, per epoch, one pass/fail bit per slot. The contract stores
 * those bits packed (256 per storage word) and never moves money during settlement, so a batch costs one
 * order-word read/write plus a fraction of a bit-word per order: gas per replica-epoch falls as the batch
 * grows. Claiming a tenure's settled epochs pays its agent passes x its price and owes the creator the
 * rest of those replica-epochs (maximum - price for a pass, the maximum for a failure); the creator
 * releases what it is owed into its balance, and both withdraw (pull payments). The escrow balances to
 * the token's smallest unit: funded = agents' earnings + the creator's refunds + still unclaimed.
 */
contract StorageEscrow is AccessControl, ReentrancyGuard {
    using SafeERC20 for IERC20;

    bytes32 public constant AUDITOR_ROLE = keccak256("AUDITOR_ROLE");
    uint256 public constant MAX_REPLICAS = 32;
    uint32 private constant OPEN_END = type(uint32).max;

    enum Status {
        None,
        Active,
        Cancelled,
        Closed
    }

    struct Order {
        // slot 0: all that settlement reads and writes
        /** The most any replica-epoch of this order may cost: what the creator funded each one with. */
        uint96 maxPrice;
        uint64 failedUnits;
        uint32 settledEpochs;
        uint32 epochs;
        uint8 replicas;
        Status status;
        // slot 1
        address creator;
        uint64 startTime;
        uint32 epochSeconds;
        // slot 2
        uint32 fundedEpochs;
        /** Owed to the creator and not released yet: the unspent part of claimed, cancelled and closed replica-epochs. */
        uint128 refundOwed;
    }

    /** An agent holding a replica slot for epochs [fromEpoch, toEpoch) at its price per replica-epoch, paid up to claimedTo. */
    struct Tenure {
        address agent;
        uint32 fromEpoch;
        uint32 toEpoch;
        uint32 claimedTo;
        uint96 price;
    }

    /**
     * The audit results of epochCount consecutive epochs of one order, from its first unsettled
     * epoch: bit (j * replicas + slot) is set when the slot passed epoch fromEpoch + j.
     */
    struct Settlement {
        bytes32 orderId;
        uint32 fromEpoch;
        uint16 epochCount;
        uint256 passes;
    }

    IERC20 public immutable token;
    /** How long after an order's last epoch the auditor may still settle before the creator can close it. */
    uint256 public immutable settlementGrace;

    mapping(bytes32 => Order) private _orders;
    mapping(bytes32 => mapping(uint256 => Tenure[])) private _tenures;
    mapping(bytes32 => mapping(uint256 => uint256)) private _passWords;
    /** Earned or refunded, not yet withdrawn. */
    mapping(address => uint256) public balanceOf;

    event OrderFunded(bytes32 indexed orderId, address indexed creator, uint8 replicas, uint32 epochs,
        uint32 epochSeconds, uint96 maxPrice, uint256 total);
    event AgentAssigned(bytes32 indexed orderId, uint256 indexed slot, address indexed agent, address previousAgent,
        uint32 fromEpoch, uint256 tenureIndex, uint96 price);
    event EpochsSettled(bytes32 indexed orderId, uint32 fromEpoch, uint16 epochCount, uint256 passes, uint256 passedUnits);
    event EarningsClaimed(bytes32 indexed orderId, uint256 indexed slot, address indexed agent, uint32 fromEpoch,
        uint32 toEpoch, uint256 units, uint256 amount, uint256 owedToCreator);
    event RefundReleased(bytes32 indexed orderId, address indexed creator, uint256 amount);
    event OrderCancelled(bytes32 indexed orderId, address indexed by, uint32 endEpoch, uint256 freedUnits);
    event OrderClosed(bytes32 indexed orderId, uint32 endEpoch, uint256 freedUnits);
    event Withdrawn(address indexed account, uint256 amount);

    error ZeroOrder();
    error UnknownOrder(bytes32 orderId);
    error OrderExists(bytes32 orderId);
    error OrderIsClosed(bytes32 orderId);
    error InvalidTerms();
    error PriceAboveMaximum(uint256 slot, uint256 price, uint256 maxPrice);
    error ZeroAgent(uint256 slot);
    error FundingShortfall(uint256 expected, uint256 received);
    error EpochOutOfOrder(bytes32 orderId, uint32 expected, uint32 given);
    error EpochOutOfRange(bytes32 orderId, uint256 endEpoch);
    error StrayPassBits(bytes32 orderId);
    error UnknownSlot(bytes32 orderId, uint256 slot);
    error UnknownTenure(bytes32 orderId, uint256 slot, uint256 index);
    error NothingToClaim(bytes32 orderId, uint256 slot, uint256 index);
    error NothingToRefund(bytes32 orderId);
    error NotCreator(bytes32 orderId, address caller);
    error NotCancellable(bytes32 orderId);
    error GraceNotOver(bytes32 orderId, uint256 closableAt);
    error ZeroAmount();
    error InsufficientBalance(uint256 balance, uint256 requested);

    constructor(IERC20 token_, address admin, address auditor, uint256 settlementGrace_) {
        token = token_;
        settlementGrace = settlementGrace_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(AUDITOR_ROLE, auditor);
    }

    // ---------------------------------------------------------------- creator

    /**
     * Escrows replicas x epochs x maxPrice from the caller (after approve) for one order; slot i goes to
     * agents[i] at prices[i] per replica-epoch (its ask, at most maxPrice; an agent may ask nothing).
     */
    function fundOrder(bytes32 orderId, address[] calldata agents, uint96[] calldata prices, uint32 epochs,
        uint32 epochSeconds, uint96 maxPrice) external nonReentrant {
        if (orderId == bytes32(0)) revert ZeroOrder();
        Order storage o = _orders[orderId];
        if (o.status != Status.None) revert OrderExists(orderId);
        uint256 replicas = agents.length;
        if (replicas == 0 || replicas > MAX_REPLICAS || prices.length != replicas || epochs == 0 || epochSeconds == 0
            || maxPrice == 0) {
            revert InvalidTerms();
        }
        uint256 total = replicas * uint256(epochs) * uint256(maxPrice);

        o.maxPrice = maxPrice;
        o.epochs = epochs;
        o.replicas = uint8(replicas);
        o.status = Status.Active;
        o.creator = msg.sender;
        o.startTime = uint64(block.timestamp);
        o.epochSeconds = epochSeconds;
        o.fundedEpochs = epochs;
        emit OrderFunded(orderId, msg.sender, uint8(replicas), epochs, epochSeconds, maxPrice, total);
        for (uint256 slot; slot < replicas; ++slot) {
            address agent = agents[slot];
            if (agent == address(0)) revert ZeroAgent(slot);
            uint96 price = _checkedPrice(slot, prices[slot], maxPrice);
            _tenures[orderId][slot].push(Tenure(agent, 0, OPEN_END, 0, price));
            emit AgentAssigned(orderId, slot, agent, address(0), 0, 0, price);
        }

        uint256 before = token.balanceOf(address(this));
        token.safeTransferFrom(msg.sender, address(this), total);
        uint256 received = token.balanceOf(address(this)) - before;
        if (received != total) revert FundingShortfall(total, received);
    }

    /**
     * Stops the order after the epoch in progress (the creator, or the auditor on its behalf): the
     * epochs after it become refundable; the auditor still settles the ones before.
     */
    function cancel(bytes32 orderId) external {
        Order storage o = _existing(orderId);
        if (msg.sender != o.creator && !hasRole(AUDITOR_ROLE, msg.sender)) revert NotCreator(orderId, msg.sender);
        if (o.status != Status.Active) revert NotCancellable(orderId);
        uint256 inProgress = (block.timestamp - o.startTime) / o.epochSeconds;
        uint256 end = inProgress + 1;
        if (end < o.settledEpochs) end = o.settledEpochs;
        if (end > o.epochs) end = o.epochs;
        uint256 freed = uint256(o.epochs - end) * o.replicas;
        o.epochs = uint32(end);
        o.status = Status.Cancelled;
        o.refundOwed += uint128(freed * o.maxPrice);
        emit OrderCancelled(orderId, msg.sender, uint32(end), freed);
    }

    /**
     * The creator's way out if the auditor stops settling: once the order's last epoch plus the grace
     * period is over, the unsettled epochs become refundable and nothing more can be settled.
     */
    function close(bytes32 orderId) external {
        Order storage o = _existing(orderId);
        if (msg.sender != o.creator) revert NotCreator(orderId, msg.sender);
        if (o.status == Status.Closed) revert OrderIsClosed(orderId);
        uint256 closableAt = uint256(o.startTime) + uint256(o.epochs) * o.epochSeconds + settlementGrace;
        if (block.timestamp < closableAt) revert GraceNotOver(orderId, closableAt);
        uint32 end = o.settledEpochs;
        uint256 freed = uint256(o.epochs - end) * o.replicas;
        o.epochs = end;
        o.status = Status.Closed;
        o.refundOwed += uint128(freed * o.maxPrice);
        emit OrderClosed(orderId, end, freed);
    }

    /**
     * Pays the creator what it is owed: first every tenure's settled epochs are claimed (each agent is paid its
     * passes at its price, the creator owed the rest), then the owed amount (that, and the cancelled and closed
     * replica-epochs at the maximum) moves to the creator's balance. Anyone may call it; the money only goes to
     * the creator and the tenures' agents.
     */
    function releaseRefund(bytes32 orderId) external nonReentrant returns (uint256 amount) {
        Order storage o = _existing(orderId);
        uint256 replicas = o.replicas;
        for (uint256 slot; slot < replicas; ++slot) {
            Tenure[] storage held = _tenures[orderId][slot];
            for (uint256 i; i < held.length; ++i) {
                _claim(orderId, o, slot, held[i]);
            }
        }
        amount = o.refundOwed;
        if (amount == 0) revert NothingToRefund(orderId);
        o.refundOwed = 0;
        balanceOf[o.creator] += amount;
        emit RefundReleased(orderId, o.creator, amount);
    }

    // ---------------------------------------------------------------- auditor

    /** Records audit results for any number of orders and epochs; pays nothing yet (agents claim). */
    function settle(Settlement[] calldata batch) external onlyRole(AUDITOR_ROLE) {
        for (uint256 i; i < batch.length; ++i) {
            _settle(batch[i]);
        }
    }

    function _settle(Settlement calldata s) private {
        bytes32 orderId = s.orderId;
        Order storage o = _orders[orderId];
        Status status = o.status;
        if (status == Status.None) revert UnknownOrder(orderId);
        if (status == Status.Closed) revert OrderIsClosed(orderId);
        uint256 replicas = o.replicas;
        uint32 from = o.settledEpochs;
        if (s.fromEpoch != from) revert EpochOutOfOrder(orderId, from, s.fromEpoch);
        uint256 count = s.epochCount;
        uint256 end = uint256(from) + count;
        uint256 width = count * replicas;
        if (count == 0 || end > o.epochs || width > 256) revert EpochOutOfRange(orderId, o.epochs);
        uint256 passes = s.passes;
        if (width < 256 && passes >> width != 0) revert StrayPassBits(orderId);

        uint256 perWord = 256 / replicas;
        uint256 epoch = from;
        uint256 rest = passes;
        mapping(uint256 => uint256) storage words = _passWords[orderId];
        while (epoch < end) {
            uint256 offset = epoch % perWord;
            uint256 take = perWord - offset;
            if (take > end - epoch) take = end - epoch;
            uint256 bits = take * replicas;
            uint256 chunk = bits == 256 ? rest : rest & ((uint256(1) << bits) - 1);
            if (chunk != 0) words[epoch / perWord] |= chunk << (offset * replicas);
            rest = bits == 256 ? 0 : rest >> bits;
            epoch += take;
        }
        uint256 passedUnits = _popcount(passes);
        o.settledEpochs = uint32(end);
        o.failedUnits += uint64(width - passedUnits);
        emit EpochsSettled(orderId, from, uint16(count), passes, passedUnits);
    }

    /** Repair: from the next unsettled epoch the slot belongs to a new agent, paid from this escrow. */
    function replaceAgent(bytes32 orderId, uint256 slot, address agent, uint96 price) external onlyRole(AUDITOR_ROLE) {
        Order storage o = _existing(orderId);
        if (o.status == Status.Closed) revert OrderIsClosed(orderId);
        if (slot >= o.replicas) revert UnknownSlot(orderId, slot);
        if (agent == address(0)) revert ZeroAgent(slot);
        if (o.settledEpochs >= o.epochs) revert EpochOutOfRange(orderId, o.epochs);
        _checkedPrice(slot, price, o.maxPrice);
        uint32 from = o.settledEpochs;
        Tenure[] storage held = _tenures[orderId][slot];
        Tenure storage last = held[held.length - 1];
        address previous = last.agent;
        last.toEpoch = from;
        held.push(Tenure(agent, from, OPEN_END, from, price));
        emit AgentAssigned(orderId, slot, agent, previous, from, held.length - 1, price);
    }

    // ---------------------------------------------------------------- agents and everyone

    /**
     * Moves what one tenure earned in settled epochs to its agent's balance (passes x the tenure's price) and
     * owes the creator the rest of those replica-epochs (anyone may call; agents may claim as often as they like).
     */
    function claim(bytes32 orderId, uint256 slot, uint256 tenureIndex) external nonReentrant returns (uint256 amount) {
        Order storage o = _existing(orderId);
        if (slot >= o.replicas) revert UnknownSlot(orderId, slot);
        Tenure[] storage held = _tenures[orderId][slot];
        if (tenureIndex >= held.length) revert UnknownTenure(orderId, slot, tenureIndex);
        bool claimed;
        (claimed, amount) = _claim(orderId, o, slot, held[tenureIndex]);
        if (!claimed) revert NothingToClaim(orderId, slot, tenureIndex);
    }

    /** Claims many tenures of any orders in one transaction; tenures with nothing to claim are skipped. */
    function claimMany(bytes32[] calldata orderIds, uint256[] calldata slots, uint256[] calldata tenureIndexes)
        external
        nonReentrant
        returns (uint256 total)
    {
        if (slots.length != orderIds.length || tenureIndexes.length != orderIds.length) revert InvalidTerms();
        for (uint256 i; i < orderIds.length; ++i) {
            Order storage o = _existing(orderIds[i]);
            if (slots[i] >= o.replicas) revert UnknownSlot(orderIds[i], slots[i]);
            Tenure[] storage held = _tenures[orderIds[i]][slots[i]];
            if (tenureIndexes[i] >= held.length) revert UnknownTenure(orderIds[i], slots[i], tenureIndexes[i]);
            (, uint256 amount) = _claim(orderIds[i], o, slots[i], held[tenureIndexes[i]]);
            total += amount;
        }
    }

    /** Pays out part or all of the caller's balance. */
    function withdraw(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        uint256 balance = balanceOf[msg.sender];
        if (amount > balance) revert InsufficientBalance(balance, amount);
        balanceOf[msg.sender] = balance - amount;
        emit Withdrawn(msg.sender, amount);
        token.safeTransfer(msg.sender, amount);
    }

    // ---------------------------------------------------------------- views

    function order(bytes32 orderId) external view returns (Order memory) {
        return _orders[orderId];
    }

    function tenureCount(bytes32 orderId, uint256 slot) external view returns (uint256) {
        return _tenures[orderId][slot].length;
    }

    function tenure(bytes32 orderId, uint256 slot, uint256 index) external view returns (Tenure memory) {
        return _tenures[orderId][slot][index];
    }

    function claimable(bytes32 orderId, uint256 slot, uint256 tenureIndex) external view returns (uint256) {
        Order storage o = _orders[orderId];
        Tenure storage t = _tenures[orderId][slot][tenureIndex];
        uint32 upTo = t.toEpoch < o.settledEpochs ? t.toEpoch : o.settledEpochs;
        if (upTo <= t.claimedTo) return 0;
        return _passesOf(orderId, o.replicas, slot, t.claimedTo, upTo) * t.price;
    }

    /** What releaseRefund would pay the creator now: owed already, plus the rest of every tenure's unclaimed settled epochs. */
    function refundable(bytes32 orderId) external view returns (uint256 amount) {
        Order storage o = _orders[orderId];
        amount = o.refundOwed;
        for (uint256 slot; slot < o.replicas; ++slot) {
            Tenure[] storage held = _tenures[orderId][slot];
            for (uint256 i; i < held.length; ++i) {
                Tenure storage t = held[i];
                uint32 upTo = t.toEpoch < o.settledEpochs ? t.toEpoch : o.settledEpochs;
                if (upTo <= t.claimedTo) continue;
                uint256 passes = _passesOf(orderId, o.replicas, slot, t.claimedTo, upTo);
                amount += (upTo - t.claimedTo) * uint256(o.maxPrice) - passes * t.price;
            }
        }
    }

    function passed(bytes32 orderId, uint256 epoch, uint256 slot) external view returns (bool) {
        Order storage o = _orders[orderId];
        if (epoch >= o.settledEpochs || slot >= o.replicas) return false;
        uint256 perWord = 256 / o.replicas;
        return (_passWords[orderId][epoch / perWord] >> ((epoch % perWord) * o.replicas + slot)) & 1 == 1;
    }

    // ---------------------------------------------------------------- internals

    function _existing(bytes32 orderId) private view returns (Order storage o) {
        if (orderId == bytes32(0)) revert ZeroOrder();
        o = _orders[orderId];
        if (o.status == Status.None) revert UnknownOrder(orderId);
    }

    function _checkedPrice(uint256 slot, uint96 price, uint96 maxPrice) private pure returns (uint96) {
        if (price > maxPrice) revert PriceAboveMaximum(slot, price, maxPrice);
        return price;
    }

    /**
     * Claims a tenure's settled, unclaimed epochs: its agent is paid passes x price, the creator owed the rest
     * (maximum x epochs - paid). False when there was nothing to claim.
     */
    function _claim(bytes32 orderId, Order storage o, uint256 slot, Tenure storage t)
        private
        returns (bool claimed, uint256 amount)
    {
        uint32 from = t.claimedTo;
        uint32 settled = o.settledEpochs;
        uint32 upTo = t.toEpoch < settled ? t.toEpoch : settled;
        if (upTo <= from) return (false, 0);
        uint256 units = _passesOf(orderId, o.replicas, slot, from, upTo);
        t.claimedTo = upTo;
        amount = units * t.price;
        uint256 owed = uint256(upTo - from) * o.maxPrice - amount;
        o.refundOwed += uint128(owed);
        if (amount != 0) balanceOf[t.agent] += amount;
        emit EarningsClaimed(orderId, slot, t.agent, from, upTo, units, amount, owed);
        return (true, amount);
    }

    function _passesOf(bytes32 orderId, uint256 replicas, uint256 slot, uint256 from, uint256 upTo)
        private
        view
        returns (uint256 units)
    {
        uint256 perWord = 256 / replicas;
        mapping(uint256 => uint256) storage words = _passWords[orderId];
        uint256 index = type(uint256).max;
        uint256 word;
        for (uint256 epoch = from; epoch < upTo; ++epoch) {
            uint256 w = epoch / perWord;
            if (w != index) {
                index = w;
                word = words[w];
            }
            units += (word >> ((epoch % perWord) * replicas + slot)) & 1;
        }
    }

    /** Set bits of a word (SWAR, constant gas). */
    function _popcount(uint256 x) private pure returns (uint256) {
        if (x == type(uint256).max) return 256; // the byte sum below holds at most 255
        unchecked {
            x = x - ((x >> 1) & 0x5555555555555555555555555555555555555555555555555555555555555555);
            x = (x & 0x3333333333333333333333333333333333333333333333333333333333333333)
                + ((x >> 2) & 0x3333333333333333333333333333333333333333333333333333333333333333);
            x = (x + (x >> 4)) & 0x0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f;
            return (x * 0x0101010101010101010101010101010101010101010101010101010101010101) >> 248;
        }
    }
}
