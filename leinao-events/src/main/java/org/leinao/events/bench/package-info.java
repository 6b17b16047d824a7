/**
 * Decode-throughput benchmark behind {@code leinao bench events}: why it exists and what it last
 * measured are in {@code docs/events.md}.
 */
package org.leinao.events.bench;
