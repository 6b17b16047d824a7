package org.leinao.io.model;

/**
 * Where a value came from: a file with a 1-based line and column, or a {@code --set} override
 * (line 0).
 *
 * @param source file name, or {@code --set path=value} for an override
 * @param line 1-based line, 0 when unknown
 * @param column 1-based column, 0 when unknown
 */
record Loc(String source, int line, int column) {
}
