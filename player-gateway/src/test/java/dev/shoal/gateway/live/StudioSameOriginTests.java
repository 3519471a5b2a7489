package dev.shoal.gateway.live;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** "End broadcast" takes forms from the gateway's own pages only (LiveEndIT submits one from another origin in Chromium). */
class StudioSameOriginTests {

    @Test
    void theGatewaysOwnPagesPass() {
        assertThat(LiveStudioResource.crossOrigin("http://127.0.0.1:8082", "same-origin", "127.0.0.1:8082")).isNull();
        assertThat(LiveStudioResource.crossOrigin("https://gateway.example", "same-origin", "gateway.example")).isNull();
        assertThat(LiveStudioResource.crossOrigin("https://gateway.example", null, "GATEWAY.example:443")).isNull();
        // not a browser: no Origin, no Sec-Fetch-Site (the session cookie is a browser's)
        assertThat(LiveStudioResource.crossOrigin(null, null, "gateway.example")).isNull();
    }

    @Test
    void anotherOriginIsRefused() {
        // another port of the same host is another origin, though the same site (the cookie goes along)
        assertThat(LiveStudioResource.crossOrigin("http://127.0.0.1:9001", "same-site", "127.0.0.1:8082")).contains("same-site");
        assertThat(LiveStudioResource.crossOrigin("http://127.0.0.1:9001", null, "127.0.0.1:8082")).contains("http://127.0.0.1:9001");
        assertThat(LiveStudioResource.crossOrigin("https://evil.example", "cross-site", "gateway.example")).isNotNull();
        assertThat(LiveStudioResource.crossOrigin(null, "cross-site", "gateway.example")).isNotNull();
        assertThat(LiveStudioResource.crossOrigin("null", null, "gateway.example")).isNotNull();
        assertThat(LiveStudioResource.crossOrigin("http://gateway.example", null, "gateway.example:8443")).isNotNull();
    }
}
