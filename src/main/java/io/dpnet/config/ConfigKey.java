package io.dpnet.config;

/** One documented configuration key: its name, default (null = required/none) and meaning. */
public record ConfigKey(String name, String defaultValue, String description) {
}
