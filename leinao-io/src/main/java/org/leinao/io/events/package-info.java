/**
 * Event-camera recordings as stimuli: {@link org.leinao.io.events.EventStimulus} maps the events of a
 * file read by {@code leinao-events} to spikes of a spike-source population. Model files use it for
 * stimuli of type {@code events} (see {@code docs/model-files.md}).
 */
package org.leinao.io.events;
