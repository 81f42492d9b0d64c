package io.dpnet.cli;

import io.dpnet.model.DpnetVersion;
import picocli.CommandLine;

final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"dpnet " + DpnetVersion.get()};
    }
}
