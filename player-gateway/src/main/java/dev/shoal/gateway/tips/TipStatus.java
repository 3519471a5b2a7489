package dev.shoal.gateway.tips;

/** PREPARED: checked and stored, transaction handed to the player; SENT: the player reported its hash; CONFIRMED: its TipSplit event arrived. */
public enum TipStatus {
    PREPARED, SENT, CONFIRMED
}
