package dev.shoal.marketplace.cors;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PublicReadsTests {

    @Test
    void onlyThePublicReadsArePublic() {
        assertThat(PublicReads.isPublic("/api/catalog")).isTrue();
        assertThat(PublicReads.isPublic("/api/catalog/ab/poster")).isTrue();
        assertThat(PublicReads.isPublic("/api/chain")).isTrue();
        assertThat(PublicReads.isPublic("/api/locate/ab")).isTrue();
        assertThat(PublicReads.isPublic("/api/catalogue")).isFalse();
        assertThat(PublicReads.isPublic("/api/contents/ab/poster")).isFalse();
        assertThat(PublicReads.isPublic("/api/orders")).isFalse();
        assertThat(PublicReads.isPublic("/api/locate")).isFalse();
    }
}
