package dev.shoal.marketplace.upload;

import java.util.List;

/**
 * An upload as the creator's page sees it.
 *
 * @param offset     the bytes the server holds: the next chunk starts here
 * @param received   every byte taken, resent ones included (equal to size after a clean resume)
 * @param state      RECEIVING, TRANSCODING, TRANSCODED (waiting for the wallet's signature), SIGNING, REGISTERED, FAILED
 * @param textToSign what the creator's wallet signs (personal_sign), once the manifest is built
 * @param watchUrl   the gateway's watch page, once registered
 * @param embed      an iframe of the watch page to paste into any site
 */
public record UploadView(String id, String name, String title, long size, long offset, long received, int chunkBytes, String state,
                         List<Upload.Rendition> renditions, String errorType, String error, String contentId, String creator,
                         String textToSign, String watchUrl, String embed) {
}
