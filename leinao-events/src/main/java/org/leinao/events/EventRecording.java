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

    /**
     * Checks that every event lies on the (known) sensor with polarity 0 or 1, as the
     * representations that index pixels need: a spatial jitter without {@code clipOutliers} keeps
     * events where they land, as Tonic does, and such an event would otherwise be counted in another
     * row's pixel or fail deep inside.
     *
     * @param what the representation, for the message
     * @throws IllegalArgumentException naming the first event off the sensor
     */
    public void requireOnSensor(String what) {
        int w = sensor.width();
        int h = sensor.height();
        short[] x = events.x();
        short[] y = events.y();
        byte[] p = events.p();
        for (int i = 0, n = events.size(); i < n; i++) {
            if (x[i] < 0 || x[i] >= w || y[i] < 0 || y[i] >= h || (p[i] & ~1) != 0) {
                throw new IllegalArgumentException(what + ": event " + i + " at x " + x[i] + ", y " + y[i]
                        + ", polarity " + p[i] + " is not on the " + sensor + " sensor (polarity 0 or 1); drop or"
                        + " clip such events first (e.g. the spatial jitter's clipOutliers)");
            }
        }
    }
}
