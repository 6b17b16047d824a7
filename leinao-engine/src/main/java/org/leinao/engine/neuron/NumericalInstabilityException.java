package org.leinao.engine.neuron;

/**
 * A neuron's state diverged (NEST's {@code NumericalInstability}): the parameters or inputs make the
 * model's equations blow up at this resolution. A user error rather than a bug, so front ends
 * report it in one line. The simulation cannot be continued.
 */
public final class NumericalInstabilityException extends IllegalStateException {
    private final String population;
    private final int neuron;
    private final String detail;

    /**
     * Thrown by a block: {@code neuron} is the index within the block, {@code detail} what diverged
     * (without the neuron).
     */
    public NumericalInstabilityException(int neuron, String detail) {
        this(null, neuron, detail);
    }

    private NumericalInstabilityException(String population, int neuron, String detail) {
        super((population == null ? "neuron " + neuron : "population " + population + ", neuron " + neuron)
                + ": " + detail);
        this.population = population;
        this.neuron = neuron;
        this.detail = detail;
    }

    /** The same problem located at neuron {@code index} of {@code population}. */
    public NumericalInstabilityException at(String population, int index) {
        return new NumericalInstabilityException(population, index, detail);
    }

    /** Population of the neuron, or null while not yet located. */
    public String population() {
        return population;
    }

    /** Index of the neuron in its population (in its block while not yet located). */
    public int neuron() {
        return neuron;
    }
}
