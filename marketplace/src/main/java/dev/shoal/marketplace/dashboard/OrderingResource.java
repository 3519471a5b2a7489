package dev.shoal.marketplace.dashboard;

import dev.shoal.contracts.market.StorageQuote;
import dev.shoal.marketplace.order.OrderResource;
import dev.shoal.marketplace.order.OrderResource.OrderView;
import dev.shoal.marketplace.order.OrderService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.UUID;

/**
 * The creator page's quote, order and replica state (studio.js), on the dashboard's session: the very calls of
 * {@code /api/orders}, which is bearer-only, answered by the same resource (same checks, same problem types).
 */
@Path("/dashboard/creator/orders")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@RolesAllowed("creator")
public class OrderingResource {

    private final OrderResource orders;

    public OrderingResource(OrderResource orders) {
        this.orders = orders;
    }

    @POST
    @Path("/quote")
    @Operation(hidden = true)
    public Uni<StorageQuote> quote(StorageQuote.Request request) {
        return orders.quote(request);
    }

    @POST
    @Operation(hidden = true)
    public Uni<Response> place(OrderService.OrderRequest request) {
        return orders.place(request);
    }

    @GET
    @Path("/{id}")
    @Operation(hidden = true)
    public Uni<OrderView> one(@PathParam("id") UUID id) {
        return orders.one(id);
    }
}
