// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/**
 * Escrow for archival storage orders, in one ERC-20 token.
 *
 * A creator funds an order up front: replicas x epochs x price per replica-epoch. Each replica is a
 * slot held by an agent (a tenure); repair moves a slot to a new agent from the next unsettled epoch,
 * paid from the same escrow. The auditor role reports, per epoch, one pass/fail bit per slot. The
 * contract stores those bits packed (256 per storage word) and never moves money during settlement,
 * so a batch costs one order-word read/write plus a fraction of a bit-word per order: gas per
 * replica-epoch falls as the batch grows. Agents claim the passes of their tenure into a balance,
 * the creator releases the failed and cancelled replica-epochs into its balance, and both withdraw
 * (pull payments). Everything is counted in replica-epoch units, so the escrow always balances to
 * the token's smallest unit: funded = earned + refundable + still unsettled.
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
        uint96 price;
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
        uint64 refundedUnits;
    }

    /** An agent holding a replica slot for epochs [fromEpoch, toEpoch), paid up to claimedTo. */
    struct Tenure {
        address agent;
        uint32 fromEpoch;
        uint32 toEpoch;
        uint32 claimedTo;
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
        uint32 epochSeconds, uint96 price, uint256 total);
    event AgentAssigned(bytes32 indexed orderId, uint256 indexed slot, address indexed agent, address previousAgent,
        uint32 fromEpoch, uint256 tenureIndex);
    event EpochsSettled(bytes32 indexed orderId, uint32 fromEpoch, uint16 epochCount, uint256 passes, uint256 passedUnits);
    event EarningsClaimed(bytes32 indexed orderId, uint256 indexed slot, address indexed agent, uint32 fromEpoch,
        uint32 toEpoch, uint256 units, uint256 amount);
    event RefundReleased(bytes32 indexed orderId, address indexed creator, uint256 units, uint256 amount);
    event OrderCancelled(bytes32 indexed orderId, address indexed by, uint32 endEpoch, uint256 freedUnits);
    event OrderClosed(bytes32 indexed orderId, uint32 endEpoch, uint256 freedUnits);
    event Withdrawn(address indexed account, uint256 amount);

    error ZeroOrder();
    error UnknownOrder(bytes32 orderId);
    error OrderExists(bytes32 orderId);
    error OrderIsClosed(bytes32 orderId);
    error InvalidTerms();
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

    /** Escrows replicas x epochs x price from the caller (after approve) for one order. */
    function fundOrder(bytes32 orderId, address[] calldata agents, uint32 epochs, uint32 epochSeconds, uint96 price)
        external
        nonReentrant
    {
        if (orderId == bytes32(0)) revert ZeroOrder();
        Order storage o = _orders[orderId];
        if (o.status != Status.None) revert OrderExists(orderId);
        uint256 replicas = agents.length;
        if (replicas == 0 || replicas > MAX_REPLICAS || epochs == 0 || epochSeconds == 0 || price == 0) {
            revert InvalidTerms();
        }
        uint256 total = replicas * uint256(epochs) * uint256(price);

        o.price = price;
        o.epochs = epochs;
        o.replicas = uint8(replicas);
        o.status = Status.Active;
        o.creator = msg.sender;
        o.startTime = uint64(block.timestamp);
        o.epochSeconds = epochSeconds;
        o.fundedEpochs = epochs;
        emit OrderFunded(orderId, msg.sender, uint8(replicas), epochs, epochSeconds, price, total);
        for (uint256 slot; slot < replicas; ++slot) {
            address agent = agents[slot];
            if (agent == address(0)) revert ZeroAgent(slot);
            _tenures[orderId][slot].push(Tenure(agent, 0, OPEN_END, 0));
            emit AgentAssigned(orderId, slot, agent, address(0), 0, 0);
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
        emit OrderClosed(orderId, end, freed);
    }

    /** Moves the order's failed, cancelled and closed replica-epochs to the creator's balance. */
    function releaseRefund(bytes32 orderId) external nonReentrant returns (uint256 amount) {
        Order storage o = _existing(orderId);
        uint256 units = _refundableUnits(o);
        if (units == 0) revert NothingToRefund(orderId);
        o.refundedUnits += uint64(units);
        amount = units * o.price;
        balanceOf[o.creator] += amount;
        emit RefundReleased(orderId, o.creator, units, amount);
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
    function replaceAgent(bytes32 orderId, uint256 slot, address agent) external onlyRole(AUDITOR_ROLE) {
        Order storage o = _existing(orderId);
        if (o.status == Status.Closed) revert OrderIsClosed(orderId);
        if (slot >= o.replicas) revert UnknownSlot(orderId, slot);
        if (agent == address(0)) revert ZeroAgent(slot);
        if (o.settledEpochs >= o.epochs) revert EpochOutOfRange(orderId, o.epochs);
        uint32 from = o.settledEpochs;
        Tenure[] storage held = _tenures[orderId][slot];
        Tenure storage last = held[held.length - 1];
        address previous = last.agent;
        last.toEpoch = from;
        held.push(Tenure(agent, from, OPEN_END, from));
        emit AgentAssigned(orderId, slot, agent, previous, from, held.length - 1);
    }

    // ---------------------------------------------------------------- agents and everyone

    /** Moves what one tenure earned in settled epochs to its agent's balance (anyone may call). */
    function claim(bytes32 orderId, uint256 slot, uint256 tenureIndex) external nonReentrant returns (uint256 amount) {
        Order storage o = _existing(orderId);
        if (slot >= o.replicas) revert UnknownSlot(orderId, slot);
        Tenure[] storage held = _tenures[orderId][slot];
        if (tenureIndex >= held.length) revert UnknownTenure(orderId, slot, tenureIndex);
        Tenure storage t = held[tenureIndex];
        uint32 from = t.claimedTo;
        uint32 upTo = t.toEpoch < o.settledEpochs ? t.toEpoch : o.settledEpochs;
        if (upTo <= from) revert NothingToClaim(orderId, slot, tenureIndex);
        uint256 units = _passesOf(orderId, o.replicas, slot, from, upTo);
        t.claimedTo = upTo;
        amount = units * o.price;
        balanceOf[t.agent] += amount;
        emit EarningsClaimed(orderId, slot, t.agent, from, upTo, units, amount);
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
        return _passesOf(orderId, o.replicas, slot, t.claimedTo, upTo) * o.price;
    }

    function refundable(bytes32 orderId) external view returns (uint256) {
        Order storage o = _orders[orderId];
        return _refundableUnits(o) * o.price;
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

    function _refundableUnits(Order storage o) private view returns (uint256) {
        return uint256(o.failedUnits) + uint256(o.fundedEpochs - o.epochs) * o.replicas - o.refundedUnits;
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
