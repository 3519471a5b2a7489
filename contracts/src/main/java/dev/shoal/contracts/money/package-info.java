/**
 * Money as people read it: amounts in sUSD (the escrow's stable token, 6 decimals) and storage prices per
 * GB-month at every edge, converted to the escrow's units per GB-epoch inside. See docs/economics.md.
 */
package dev.shoal.contracts.money;
