package io.dpnet.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DpnetVersionTest {
    @Test
    void readsTheMavenFilteredVersion() {
        assertThat(DpnetVersion.get()).matches("\\d+\\.\\d+\\.\\d+.*");
    }
}
