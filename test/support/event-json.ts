/**
 * A Spark listener event as tests read it: plain JSON with Spark's field names.
 * Tests drill into nested fields ("Task Info" → "Executor ID") whose shape the
 * event-log tests check separately, so the type is deliberately loose.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: JSON read by field name
export type EventJson = Record<string, any>;
