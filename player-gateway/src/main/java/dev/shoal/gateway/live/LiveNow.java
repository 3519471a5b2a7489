package dev.shoal.gateway.live;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;

import java.util.List;

/** The gateway's home page: what is live now ({@code templates/live/LiveNow.html}). */
@CheckedTemplate(basePath = "live")
public record LiveNow(List<RoomView> rooms) implements TemplateInstance {
}
