package org.mint4j.cli;

import org.mint4j.run.Provenance;
import picocli.CommandLine.IVersionProvider;

/** Prints mint4j's version and the JVM's. */
public final class VersionProvider implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"mint4j " + Provenance.version() + ", " + Provenance.buildSource(), "Java " + System.getProperty("java.version")};
    }
}
