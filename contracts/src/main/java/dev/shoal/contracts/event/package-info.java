/**
 * Wire format of the events services publish on Kafka: facts in the past tense, each in one
 * {@link dev.shoal.contracts.event.EventEnvelope} (JSON, the record value; UTF-8):
 * <pre>
 * { "version": 1,                                  the version of this type's format (envelope and data)
 *   "id": "5f0c…",                                 unique per fact: consumers apply each id once
 *   "type": "DealActivated",                       a name from EventType (stable: the name is the code)
 *   "key": "2b1e…",                                what the fact is about; also the Kafka record key, so the
 *                                                  facts about one deal, order or room stay in order
 *   "occurredAt": "2026-12-05T10:15:30.123Z",      ISO-8601, when the fact was recorded
 *   "data": { … } }                                the type's payload record, field names as in the record
 * </pre>
 * Kafka headers repeat {@code event-id} and {@code event-type}. {@link dev.shoal.contracts.event.EventType} is the
 * table of types: each has its name, its current version, its payload record and its {@link
 * dev.shoal.contracts.event.Topic}. Several types may share a payload record when they are the same fact about
 * different outcomes (every deal transition is a {@link dev.shoal.contracts.event.DealTransitioned}; the type names
 * the state reached). Within a version, fields are only added; a change that is not an addition is a new version,
 * and a consumer skips (and counts) a version it does not read rather than guess. Golden events: contracts' test
 * resources, {@code wire/events/}.
 */
package dev.shoal.contracts.event;
