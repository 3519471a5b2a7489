// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";

/**
 * Viewers' tips in the chain's native coin: one payable transaction names the content, its creator,
 * the node that served the session and the locator that found it, and is split by shares in basis
 * points (summing to 10,000) that an admin role sets. Recipients withdraw (pull payments). A missing
 * serving node or locator (zero address) leaves its share to the creator; rounding dust goes to the
 * creator too, so every tip is split to the wei. Each tip carries a reference chosen by whoever prepared
 * it (the player gateway: 32 random bytes it stores with the tip); a reference is accepted once, so a
 * transaction sent twice (a retry, a restarted gateway, a wallet that resends) moves money once.
 */
contract TipSplitter is AccessControl, ReentrancyGuard {
    bytes32 public constant SHARES_ADMIN_ROLE = keccak256("SHARES_ADMIN_ROLE");
    uint256 public constant TOTAL_BPS = 10_000;

    struct Shares {
        uint16 creatorBps;
        uint16 servingBps;
        uint16 locatorBps;
    }

    struct Split {
        uint256 creatorAmount;
        uint256 servingAmount;
        uint256 locatorAmount;
    }

    Shares public shares;
    uint256 public tipCount;
    mapping(address => uint256) public balanceOf;
    mapping(bytes32 => bool) public tipSent;

    event SharesChanged(address indexed by, uint16 creatorBps, uint16 servingBps, uint16 locatorBps);
    event TipSplit(uint256 indexed tipId, bytes32 indexed contentId, address indexed creator, address tipper,
        address servingNode, address locator, uint256 amount, uint256 creatorAmount, uint256 servingAmount,
        uint256 locatorAmount, bytes32 ref);
    event Withdrawn(address indexed account, uint256 amount);

    error SharesDoNotSumToTotal(uint256 sum);
    error ZeroTip();
    error ZeroContent();
    error ZeroCreator();
    error ZeroAmount();
    error ZeroRef();
    error TipAlreadySent(bytes32 ref);
    error InsufficientBalance(uint256 balance, uint256 requested);
    error PayoutFailed(address account, uint256 amount);

    constructor(address admin, uint16 creatorBps, uint16 servingBps, uint16 locatorBps) {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(SHARES_ADMIN_ROLE, admin);
        _setShares(creatorBps, servingBps, locatorBps);
    }

    function setShares(uint16 creatorBps, uint16 servingBps, uint16 locatorBps) external onlyRole(SHARES_ADMIN_ROLE) {
        _setShares(creatorBps, servingBps, locatorBps);
    }

    function tip(bytes32 contentId, address creator, address servingNode, address locator, bytes32 ref)
        external
        payable
        returns (uint256 tipId)
    {
        if (msg.value == 0) revert ZeroTip();
        if (contentId == bytes32(0)) revert ZeroContent();
        if (creator == address(0)) revert ZeroCreator();
        if (ref == bytes32(0)) revert ZeroRef();
        if (tipSent[ref]) revert TipAlreadySent(ref);
        tipSent[ref] = true;
        Split memory split = _credit(creator, servingNode, locator);
        tipId = ++tipCount;
        emit TipSplit(tipId, contentId, creator, msg.sender, servingNode, locator, msg.value, split.creatorAmount,
            split.servingAmount, split.locatorAmount, ref);
    }

    function withdraw(uint256 amount) external nonReentrant {
        if (amount == 0) revert ZeroAmount();
        uint256 balance = balanceOf[msg.sender];
        if (amount > balance) revert InsufficientBalance(balance, amount);
        balanceOf[msg.sender] = balance - amount;
        emit Withdrawn(msg.sender, amount);
        (bool ok,) = payable(msg.sender).call{value: amount}("");
        if (!ok) revert PayoutFailed(msg.sender, amount);
    }

    /** Splits msg.value by the shares and credits the recipients (in memory: the event needs every value). */
    function _credit(address creator, address servingNode, address locator) private returns (Split memory split) {
        Shares memory s = shares;
        split.servingAmount = servingNode == address(0) ? 0 : msg.value * s.servingBps / TOTAL_BPS;
        split.locatorAmount = locator == address(0) ? 0 : msg.value * s.locatorBps / TOTAL_BPS;
        split.creatorAmount = msg.value - split.servingAmount - split.locatorAmount;
        balanceOf[creator] += split.creatorAmount;
        if (split.servingAmount != 0) balanceOf[servingNode] += split.servingAmount;
        if (split.locatorAmount != 0) balanceOf[locator] += split.locatorAmount;
    }

    function _setShares(uint16 creatorBps, uint16 servingBps, uint16 locatorBps) private {
        uint256 sum = uint256(creatorBps) + servingBps + locatorBps;
        if (sum != TOTAL_BPS) revert SharesDoNotSumToTotal(sum);
        shares = Shares(creatorBps, servingBps, locatorBps);
        emit SharesChanged(msg.sender, creatorBps, servingBps, locatorBps);
    }
}
