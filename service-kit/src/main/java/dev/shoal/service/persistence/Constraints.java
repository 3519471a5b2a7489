package dev.shoal.service.persistence;

/** What a failed write says about the database's constraints. */
public final class Constraints {

    private static final String HIBERNATE_CONSTRAINT_VIOLATION = "org.hibernate.exception.ConstraintViolationException";

    private Constraints() {
    }

    /** A unique constraint refused the row (SQL state 23505, as Hibernate or the PostgreSQL client reports it): someone else stored it first. */
    public static boolean uniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t.getClass().getName().equals(HIBERNATE_CONSTRAINT_VIOLATION)
                    || (t.getMessage() != null && t.getMessage().contains("23505"))) {
                return true;
            }
        }
        return false;
    }
}
