package dev.shoal.agent.market;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** The marketplace refused a request (4xx): asking again at once would not help. */
public class MarketplaceRefusal extends RuntimeException {

    private final int status;

    public MarketplaceRefusal(int status, String detail) {
        super("the marketplace answered " + status + (detail == null || detail.isBlank() ? "" : ": " + detail));
        this.status = status;
    }

    public int status() {
        return status;
    }

    /** 4xx answers as refusals (with the problem's detail); 5xx stay the client's default, which is retried. */
    public static class Mapper implements ResponseExceptionMapper<MarketplaceRefusal> {

        @Override
        public boolean handles(int status, MultivaluedMap<String, Object> headers) {
            return status >= 400 && status < 500;
        }

        @Override
        public MarketplaceRefusal toThrowable(Response response) {
            String detail = null;
            if (response.hasEntity()) {
                try {
                    detail = response.readEntity(com.fasterxml.jackson.databind.JsonNode.class).path("detail").asText(null);
                } catch (RuntimeException e) {
                    detail = null;
                }
            }
            return new MarketplaceRefusal(response.getStatus(), detail);
        }
    }
}
