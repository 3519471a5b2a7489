/**
 * The creator's path in the {@code shoal} command line: signing in once ({@code shoal login}, the OAuth 2.0 device
 * grant), publishing an ordinary video file ({@code shoal publish VIDEO}: ffprobe, an ABR ladder suited to the
 * source, ffmpeg into 8-second HLS, the signed manifest, the upload to an agent, the registration) and listing what
 * was published ({@code shoal content list}).
 */
package dev.shoal.deploy.creator;
