package dev.shoal.gateway.watch;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class WatchPageTests {

    @Test
    void valuesAreEscapedAndNeverExpandedAgain() {
        String title = WatchResource.html("<script>alert('x')</script> {layout} & co");
        String page = WatchResource.fill("<h1>{title}</h1><body class=\"{layout}\">{unknown}", Map.of("title", title, "layout", "embed"));
        assertThat(page).isEqualTo("<h1>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; {layout} &amp; co</h1><body class=\"embed\">{unknown}");
    }
}
