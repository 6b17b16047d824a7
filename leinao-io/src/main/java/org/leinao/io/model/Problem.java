package org.leinao.io.model;

/**
 * One problem of a model file, printed as {@code FILE:LINE:COL: field.path: message}, e.g.
 * {@code net.yaml:12:7: populations.exc.params.tau_m: expected a time such as "10 ms", got "10 mV"}.
 * Problems of a {@code --set} override name the override instead of a file position:
 * {@code --set seed=x: seed: expected an integer, got "x"}.
 *
 * @param file file name, or {@code --set path=value} for an override
 * @param line 1-based line, 0 when there is no position
 * @param column 1-based column, 0 when there is no position
 * @param path field path such as {@code populations.exc.params.tau_m} ("" for the whole file)
 * @param message what was expected and what was found
 */
public record Problem(String file, int line, int column, String path, String message) {

    static Problem at(Loc loc, String path, String message) {
        return new Problem(loc.source(), loc.line(), loc.column(), path, message);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(file);
        if (line > 0) {
            b.append(':').append(line).append(':').append(column);
        }
        b.append(": ");
        if (path != null && !path.isEmpty()) {
            b.append(path).append(": ");
        }
        return b.append(message).toString();
    }
}
