package io.dpnet.cli;

import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * One log format on the console: everything dpnet and its libraries log goes through SLF4J to
 * log4j2, the backend Spark already uses, whose console layout {@code conf/log4j2.properties} sets
 * ({@code dpnet: message} for dpnet's own loggers).
 *
 * <p>Why a bridge: the core ({@code nn}) logs through {@link System.Logger} so that it depends on
 * no logging library, and without a provider that lands in {@code java.util.logging}, whose
 * default console handler prints its own two-line records. Spark installs the same bridge when its
 * logging starts, but dpnet logs earlier (the kernel choice is made while the config is
 * validated, before a SparkContext exists), so the CLI installs it first thing.
 */
final class ConsoleLogging {
    private ConsoleLogging() {
    }

    /** Routes {@code java.util.logging} (and so {@link System.Logger}) to SLF4J; idempotent. */
    static synchronized void routeJavaUtilLogging() {
        if (!SLF4JBridgeHandler.isInstalled()) {
            SLF4JBridgeHandler.removeHandlersForRootLogger();
            SLF4JBridgeHandler.install();
        }
    }
}
