/**
 * Every answer the suite receives from the app, in-process (app.request) or
 * over a socket (the Node server calls app.fetch), is checked against the
 * app's own /openapi.json (test/helpers/contract.ts); an answer the document
 * does not allow fails the test that caused it. Relays in other processes
 * are checked through this process's fetch once their helper names them.
 */
import { afterEach, vi } from 'vitest';
import { checkingFetch, takeContractViolations } from './contract-watch';

vi.mock('../../src/http/create-app', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../src/http/create-app')>();
  const { watchContract } = await import('./contract-watch');
  return {
    ...original,
    createApp: (deps: Parameters<typeof original.createApp>[0]) => watchContract(original.createApp(deps)),
  };
});

globalThis.fetch = checkingFetch;

afterEach(async () => {
  const violations = await takeContractViolations();
  if (violations.length) throw new Error(`Answers /openapi.json does not allow:\n${violations.join('\n')}`);
});
