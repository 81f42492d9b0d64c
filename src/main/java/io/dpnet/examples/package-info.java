/**
 * Example programs shipped in the application jar (the Pipeline example). May import anything.
 */
package io.dpnet.examples;
