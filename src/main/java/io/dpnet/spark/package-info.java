/**
 * Spark set-up shared by every role: the context dpnet creates and the Kryo registrator (which
 * names the classes of the role packages below it).
 *
 * <p>May import the {@code spark.*} role packages and everything below them.
 */
package io.dpnet.spark;
