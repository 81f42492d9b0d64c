package io.dpnet.cli;

import io.dpnet.config.ConfigException;
import io.dpnet.run.RunFiles;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.StringReader;
import java.util.Properties;
import org.apache.hadoop.conf.Configuration;

/** The {@code --conf FILE} of the commands that take one: a properties file on any Hadoop path. */
final class ConfFile {
    private ConfFile() {
    }

    /** The file's keys, or none when {@code path} is null (every key then has its default). */
    static Properties read(Configuration hadoop, String path) throws IOException {
        Properties p = new Properties();
        if (path != null) {
            try {
                p.load(new StringReader(RunFiles.readString(hadoop, path)));
            } catch (FileNotFoundException e) {
                throw new ConfigException("config file " + path + " does not exist");
            }
        }
        return p;
    }
}
