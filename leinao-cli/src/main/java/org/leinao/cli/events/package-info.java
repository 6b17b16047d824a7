/**
 * {@code leinao events …} and {@code leinao bench events}: command-line front ends of the
 * {@code leinao-events} module.
 */
package org.leinao.cli.events;
