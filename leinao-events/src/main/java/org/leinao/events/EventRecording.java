package org.leinao.events;

/**
 * A whole recording held in memory: the sensor size and all its events, in time order.
 * Transforms and representations work on these; streaming code works on {@link EventBatch}es.
 *
 * @param sensor sensor size (may be {@link SensorSize#UNKNOWN})
 * @param events the events
 */
public record EventRecording(SensorSize sensor, EventBatch events) {

    /** Number of events. */
    public int size() {
        return events.size();
    }

    /** A deep copy. */
    public EventRecording copy() {
        return new EventRecording(sensor, events.copy());
    }
}
