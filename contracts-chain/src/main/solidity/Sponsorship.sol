// SPDX-License-Identifier: Apache-2.0
pragma solidity ^0.8.24;

import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {SafeERC20} from "@openzeppelin/contracts/token/ERC20/utils/SafeERC20.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {StorageEscrow} from "./StorageEscrow.sol";

/**
 * Ad-fork sponsorships. An advertiser sponsors a fork of a creator's video with the creator's consent, signed as
 * EIP-712 typed data (contracts' SponsorshipConsent: the same type and domain). The advertiser deposits the amount,
 * which is paid to the creator over the consent's term (linearly, claimable by anyone for the creator at any time),
 * and must first have funded the fork's archival order on the storage escrow with at least the agreed replicas.
 * Each consent is taken once, and each fork is sponsored once. Either party may cancel: the creator keeps what the
 * term has paid so far, the advertiser gets the rest back at once.
 */
contract Sponsorship is EIP712, ReentrancyGuard {
    using SafeERC20 for IERC20;

    bytes32 public constant CONSENT_TYPEHASH = keccak256(
        "Consent(bytes32 original,bytes32 fork,address creator,address advertiser,uint256 amount,uint16 replicas,uint64 start,uint64 end,bool offerFirst,uint256 nonce)"
    );
    uint16 public constant MIN_REPLICAS = 5;
    uint16 public constant MAX_REPLICAS = 10;

    struct Consent {
        bytes32 original;
        bytes32 fork;
        address creator;
        address advertiser;
        uint256 amount;
        uint16 replicas;
        uint64 start;
        uint64 end;
        bool offerFirst;
        uint256 nonce;
    }

    struct Deal {
        // slot 0
        address creator;
        uint64 start;
        uint16 replicas;
        bool offerFirst;
        // slot 1
        address advertiser;
        uint64 end;
        // slot 2, 3, 4
        uint256 amount;
        uint256 paid;
        bytes32 original;
        // slot 5
        bytes32 storageOrder;
        uint64 cancelledAt;
    }

    IERC20 public immutable token;
    StorageEscrow public immutable escrow;

    mapping(bytes32 fork => Deal) private _deals;
    mapping(bytes32 digest => bool) public consentUsed;

    event Sponsored(bytes32 indexed fork, bytes32 indexed original, address indexed creator, address advertiser, uint256 amount,
        uint64 start, uint64 end, uint16 replicas, bytes32 storageOrder);
    event Paid(bytes32 indexed fork, address indexed creator, uint256 amount);
    event Cancelled(bytes32 indexed fork, address by, uint256 refund);

    error NotTheAdvertiser(address sender, address advertiser);
    error InvalidTerms();
    error ConsentLapsed(uint64 end);
    error ConsentAlreadyUsed(bytes32 digest);
    error NotTheCreatorsConsent(address signer, address creator);
    error ForkAlreadySponsored(bytes32 fork);
    error StorageNotFunded(bytes32 storageOrder);
    error NoSponsorship(bytes32 fork);
    error NotAParty(address sender);
    error AlreadyEnded(bytes32 fork);

    constructor(IERC20 token_, StorageEscrow escrow_) EIP712("Shoal Sponsorship", "1") {
        token = token_;
        escrow = escrow_;
    }

    /**
     * Deposits the consent's amount from the advertiser (after approve) and starts paying the creator over the term.
     * The fork's archival order must be funded on the escrow by the advertiser, still active, with at least the agreed
     * replicas.
     */
    function sponsor(Consent calldata c, bytes calldata signature, bytes32 storageOrder) external nonReentrant {
        if (msg.sender != c.advertiser) revert NotTheAdvertiser(msg.sender, c.advertiser);
        if (c.amount == 0 || c.end <= c.start || c.replicas < MIN_REPLICAS || c.replicas > MAX_REPLICAS
            || c.creator == address(0) || c.fork == bytes32(0) || c.fork == c.original) revert InvalidTerms();
        if (block.timestamp >= c.end) revert ConsentLapsed(c.end);
        bytes32 digest = consentDigest(c);
        if (consentUsed[digest]) revert ConsentAlreadyUsed(digest);
        address signer = ECDSA.recover(digest, signature);
        if (signer != c.creator) revert NotTheCreatorsConsent(signer, c.creator);
        if (_deals[c.fork].advertiser != address(0)) revert ForkAlreadySponsored(c.fork);
        StorageEscrow.Order memory o = escrow.order(storageOrder);
        if (o.status != StorageEscrow.Status.Active || o.creator != c.advertiser || o.replicas < c.replicas) {
            revert StorageNotFunded(storageOrder);
        }
        consentUsed[digest] = true;
        _deals[c.fork] = Deal({creator: c.creator, start: c.start, replicas: c.replicas, offerFirst: c.offerFirst,
            advertiser: c.advertiser, end: c.end, amount: c.amount, paid: 0, original: c.original, storageOrder: storageOrder,
            cancelledAt: 0});
        token.safeTransferFrom(msg.sender, address(this), c.amount);
        emit Sponsored(c.fork, c.original, c.creator, c.advertiser, c.amount, c.start, c.end, c.replicas, storageOrder);
    }

    /** Pays the creator what the term has earned and is not paid yet (anyone may call; the money goes to the creator). */
    function claim(bytes32 fork) external nonReentrant returns (uint256 amount) {
        Deal storage d = _existing(fork);
        amount = earned(fork) - d.paid;
        if (amount > 0) {
            d.paid += amount;
            token.safeTransfer(d.creator, amount);
            emit Paid(fork, d.creator, amount);
        }
    }

    /**
     * Ends the sponsorship now (the creator or the advertiser): the creator is paid what the term has earned so far,
     * the advertiser gets the rest back.
     */
    function cancel(bytes32 fork) external nonReentrant {
        Deal storage d = _existing(fork);
        if (msg.sender != d.creator && msg.sender != d.advertiser) revert NotAParty(msg.sender);
        if (d.cancelledAt != 0 || block.timestamp >= d.end) revert AlreadyEnded(fork);
        d.cancelledAt = uint64(block.timestamp);
        uint256 earnedNow = earned(fork);
        uint256 refund = d.amount - earnedNow;
        uint256 owed = earnedNow - d.paid;
        d.paid = earnedNow;
        if (owed > 0) {
            token.safeTransfer(d.creator, owed);
            emit Paid(fork, d.creator, owed);
        }
        if (refund > 0) {
            token.safeTransfer(d.advertiser, refund);
        }
        emit Cancelled(fork, msg.sender, refund);
    }

    /** What the term has earned the creator by now (or by the cancellation): amount x elapsed / term, rounded down. */
    function earned(bytes32 fork) public view returns (uint256) {
        Deal storage d = _deals[fork];
        if (d.advertiser == address(0)) return 0;
        uint256 until = block.timestamp;
        if (d.cancelledAt != 0 && d.cancelledAt < until) until = d.cancelledAt;
        if (until <= d.start) return 0;
        if (until >= d.end) return d.amount;
        return d.amount * (until - d.start) / (d.end - d.start);
    }

    function deal(bytes32 fork) external view returns (Deal memory) {
        return _deals[fork];
    }

    /** The EIP-712 digest the creator signs for these terms under this contract's domain. */
    function consentDigest(Consent calldata c) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(CONSENT_TYPEHASH, c.original, c.fork, c.creator, c.advertiser, c.amount,
            c.replicas, c.start, c.end, c.offerFirst, c.nonce)));
    }

    function _existing(bytes32 fork) private view returns (Deal storage d) {
        d = _deals[fork];
        if (d.advertiser == address(0)) revert NoSponsorship(fork);
    }
}
