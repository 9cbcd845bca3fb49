/** The test app's /openapi.json, fetched once per file, and its operations as a flat list. */
import { afterAll, beforeAll, expect } from 'vitest';
import { createTestApp } from './app';

export type Operation = {
  security?: Record<string, string[]>[];
  responses: Record<string, { content?: Record<string, { schema?: { $ref?: string } }> }>;
  requestBody?: { content: Record<string, { schema: unknown }> };
};

export type OpenApiDoc = {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  webhooks?: Record<string, unknown>;
  components: { schemas: Record<string, unknown> };
};

/** Registers the hooks; read `.doc` and `.app` inside tests. */
export function useOpenApiDoc() {
  const state = {} as { doc: OpenApiDoc; app: ReturnType<typeof createTestApp> };
  beforeAll(async () => {
    state.app = createTestApp();
    const res = await state.app.app.request('/openapi.json');
    expect(res.status).toBe(200);
    state.doc = await res.json();
  });
  afterAll(() => state.app.close());
  return {
    get doc() {
      return state.doc;
    },
    get app() {
      return state.app;
    },
    operations: () =>
      Object.entries(state.doc.paths).flatMap(([path, methods]) =>
        Object.entries(methods).map(([method, op]) => ({ path, method, op })),
      ),
  };
}
