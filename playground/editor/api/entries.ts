/** Small makers for catalog entries, shared by every catalog. */
import type { ApiEntry } from '../api';

/** A method: called with arguments; `extra` says what it returns, whether it is an action or wide. */
export const method = (label: string, detail: string, doc: string, extra: Partial<ApiEntry> = {}): ApiEntry => ({
  label,
  kind: 'method',
  detail,
  doc,
  ...extra,
});

/** A property: read without a call. */
export const property = (label: string, detail: string, doc: string, extra: Partial<ApiEntry> = {}): ApiEntry => ({
  label,
  kind: 'property',
  detail,
  doc,
  ...extra,
});
