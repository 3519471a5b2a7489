package dev.shoal.gateway.catalog;

import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** The marketplace's error answers as the two things the gateway tells apart: no such content, or a marketplace in trouble. */
public class MarketplaceAnswers implements ResponseExceptionMapper<RuntimeException> {

    @Override
    public RuntimeException toThrowable(Response response) {
        if (response.getStatus() == 404) {
            return new NotInCatalogException("the marketplace has no such content");
        }
        return new MarketplaceUnavailableException("the marketplace answered " + response.getStatus());
    }
}
