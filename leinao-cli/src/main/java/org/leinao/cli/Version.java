package org.leinao.cli;

import picocli.CommandLine.IVersionProvider;

/** The version printed by {@code leinao --version} and stored in run summaries. */
public final class Version implements IVersionProvider {
    /** The Leinao version. */
    public static final String VERSION = "0.1.0-SNAPSHOT";

    @Override
    public String[] getVersion() {
        return new String[] {"leinao " + VERSION, "Java " + Runtime.version()};
    }
}
