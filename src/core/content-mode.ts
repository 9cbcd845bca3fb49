/**
 * How a delivery's body is labelled. The body is the whole event JSON either
 * way: `json` sends it as plain `application/json` (what most receivers
 * expect); `structured` is the CloudEvents HTTP structured mode, the same
 * JSON as `application/cloudevents+json`. (CloudEvents "binary" mode, data in
 * the body and attributes in ce-* headers, is not offered.)
 */
export const CONTENT_MODES = ['json', 'structured'] as const;
export type ContentMode = (typeof CONTENT_MODES)[number];

export const contentTypeOf = (mode: ContentMode): string =>
  mode === 'structured' ? 'application/cloudevents+json; charset=utf-8' : 'application/json';
