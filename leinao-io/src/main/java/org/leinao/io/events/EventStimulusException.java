package org.leinao.io.events;

/**
 * An {@link EventStimulus} option that does not fit the file or the other options, naming the
 * option as written in model files ({@code crop}, {@code sensor}, {@code downsample}, ...) so that a
 * model-file problem can be located at that key.
 */
public final class EventStimulusException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String option;

    /**
     * @param option  the option's model-file key
     * @param message what was expected and what was found
     */
    public EventStimulusException(String option, String message) {
        super(option + ": " + message);
        this.option = option;
    }

    /** The option's model-file key, e.g. {@code crop}. */
    public String option() {
        return option;
    }

    /** The message without the option name. */
    public String problem() {
        return getMessage().substring(option.length() + 2);
    }
}
