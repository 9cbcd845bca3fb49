/**
 * JSON nested too deeply parses fine but cannot be serialized again
 * (JSON.stringify recurses and overflows the stack), so a body is checked
 * before it is taken in. The scan is iterative and linear in the text.
 */
import { AppError } from './errors';

export const MAX_JSON_DEPTH = 64;

export function jsonDepthExceeds(text: string, max = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
  return false;
}

export const tooDeep = (max = MAX_JSON_DEPTH) =>
  new AppError('invalid_request', `The JSON body is nested deeper than ${max} levels.`, [
    { path: [], message: `nested deeper than ${max} levels` },
  ]);
