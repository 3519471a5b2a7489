package dev.shoal.gateway.home;

import dev.shoal.contracts.directory.CatalogItem;
import dev.shoal.contracts.identity.Address;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * A published content as the home page shows it: title and creator's name first, the address second (shortened).
 *
 * @param duration  h:mm:ss or m:ss
 * @param published the day, UTC (yyyy-MM-dd)
 * @param address   the creator's address shortened (0x1234…abcd), or "" when the name shown is the address itself
 */
public record HomeItem(String contentId, String title, String creatorName, String creator, String address, String duration,
                       String published, String publishedAt) {

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZoneOffset.UTC);

    public static HomeItem of(CatalogItem item) {
        String name = item.creatorName() == null || item.creatorName().isBlank() ? item.creator() : item.creatorName();
        boolean nameIsAddress = name.equalsIgnoreCase(item.creator());
        return new HomeItem(item.contentId(), item.title(), nameIsAddress ? Address.shortened(name) : name, item.creator(),
                nameIsAddress ? "" : Address.shortened(item.creator()), duration(item.durationSeconds()), day(item.publishedAt()),
                item.publishedAt());
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        return s >= 3600 ? String.format("%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String.format("%d:%02d", s / 60, s % 60);
    }

    private static String day(String instant) {
        try {
            return DAY.format(Instant.parse(instant));
        } catch (RuntimeException e) {
            return instant;
        }
    }
}
