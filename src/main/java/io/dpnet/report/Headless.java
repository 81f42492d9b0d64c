package io.dpnet.report;

/**
 * Puts AWT in headless mode. Reports are drawn on servers and in CI without a display; AWT reads
 * the property once, when it first initializes, so every class that draws calls this first.
 */
final class Headless {
    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Headless() {
    }

    /** Runs the static initializer (idempotent). */
    static void ensure() {
        // Loading the class is the point.
    }
}
