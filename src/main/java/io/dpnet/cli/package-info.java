/**
 * The {@code dpnet} command line: picocli commands that parse options, call the engine and the
 * run services, and print. Top layer; nothing imports it.
 */
package io.dpnet.cli;
