// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

/**
 * Test only: a payee that, when paid (native coin or a hooking token), calls its target again with a
 * prepared call, once, and records whether that reentry succeeded.
 */
contract ReentrantAgent {
    address public target;
    bytes public reentry;
    uint256 public reentryAttempts;
    bool public reentrySucceeded;

    /** Calls target with data; a revert of the outer call bubbles up. */
    function act(address target_, bytes calldata data, bytes calldata reentry_) external {
        target = target_;
        reentry = reentry_;
        (bool ok, bytes memory result) = target_.call(data);
        if (!ok) {
            assembly {
                revert(add(result, 32), mload(result))
            }
        }
    }

    receive() external payable {
        _reenter();
    }

    function onTokenTransfer(address, uint256) external {
        _reenter();
    }

    function _reenter() private {
        if (reentry.length == 0 || reentryAttempts != 0) return;
        reentryAttempts = 1;
        (bool ok,) = target.call(reentry);
        reentrySucceeded = ok;
    }
}
