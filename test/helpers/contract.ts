/**
 * Checks an answer of the app against /openapi.json with an independent JSON
 * Schema validator (Ajv, draft 2020-12, the dialect of OpenAPI 3.1): the
 * status must be documented for the operation, the media type too, and a
 * JSON body must match the documented schema. Returns what is wrong, or null.
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';

type Media = Record<string, { schema?: unknown }>;
interface Operation {
  operationId?: string;
  responses: Record<string, { content?: Media }>;
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, Operation>>;
  components: Record<string, unknown>;
}

export interface Answer {
  method: string;
  path: string;
  status: number;
  contentType: string | null;
  /** The body text, when the answer has one that is read (never a stream). */
  body?: string;
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];

/** JSON pointer segment escaping (RFC 6901). */
const pointerSegment = (s: string) => s.replace(/~/g, '~0').replace(/\//g, '~1');

export function createContractCheck(doc: OpenApiDocument) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  ajv.addFormat(
    'date-time',
    (s: string) =>
      /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(s) && !Number.isNaN(Date.parse(s)),
  );
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addSchema(doc as object, 'openapi.json');
  const compiled = new Map<string, ValidateFunction>();
  const validatorAt = (pointer: string) => {
    let v = compiled.get(pointer);
    if (!v) {
      v = ajv.compile({ $ref: `openapi.json#${pointer}` });
      compiled.set(pointer, v);
    }
    return v;
  };

  const templates = Object.keys(doc.paths).map((template) => ({
    template,
    params: (template.match(/\{/g) ?? []).length,
    regex: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{[^}]+\\?\}/g, '[^/]+')}$`),
  }));
  const templateOf = (path: string) =>
    templates.filter((t) => t.regex.test(path)).sort((a, b) => a.params - b.params)[0]?.template;

  function checkBody(a: Answer, pointer: string): string | null {
    if (a.body === undefined) return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(a.body);
    } catch {
      return `body is not JSON: ${a.body.slice(0, 200)}`;
    }
    const validate = validatorAt(pointer);
    if (validate(parsed)) return null;
    const errors = (validate.errors ?? [])
      .slice(0, 5)
      .map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`);
    return `body does not match ${pointer}: ${errors.join('; ')}; body: ${a.body.slice(0, 300)}`;
  }

  const errorPointer = '/components/schemas/Error';
  const isJson = (type: string | null) => !!type && /^application\/([\w.-]+\+)?json$/i.test(type);

  return function check(a: Answer): string | null {
    const where = `${a.method} ${a.path} -> ${a.status}`;
    const template = templateOf(a.path);
    const type = a.contentType ? (a.contentType.split(';')[0] ?? '').trim().toLowerCase() : null;
    const method = a.method.toLowerCase();
    const ops = template ? doc.paths[template]! : undefined;
    const op = ops?.[method === 'head' ? 'get' : method];
    if (!template || !op || !METHODS.includes(method)) {
      // Outside the document: only not found / method not allowed, or what the middleware answers
      // before routing: an oversized body, and auth on /v1 and /metrics.
      const allowed = [!template ? 404 : 405, 413];
      // A CORS preflight is the browser's, not an operation of the API (see src/http/stream-cors.ts).
      if (method === 'options' && template) allowed.push(204);
      if (a.path.startsWith('/v1/') || a.path === '/metrics') allowed.push(401, 503);
      if (!allowed.includes(a.status))
        return `${where}: not a documented operation, and not one of ${allowed.join(', ')}`;
      const wrong = checkBody(a, errorPointer);
      return wrong && `${where}: ${wrong}`;
    }
    const key = String(a.status);
    const response = op.responses[key] ?? op.responses[`${key[0]}XX`] ?? op.responses.default;
    if (!response) return `${where}: status not documented for ${op.operationId ?? `${method} ${template}`}`;
    const responseKey = op.responses[key] ? key : op.responses[`${key[0]}XX`] ? `${key[0]}XX` : 'default';
    const content = response.content ?? {};
    const hasBody =
      a.status !== 204 && a.status !== 304 && method !== 'head' && (a.body === undefined || a.body !== '');
    if (!hasBody) return null;
    if (Object.keys(content).length === 0) return `${where}: a body where the document has none`;
    if (!type || !content[type])
      return `${where}: content type ${type} is not documented (${Object.keys(content).join(', ')})`;
    if (!isJson(type) || !content[type]!.schema) return null;
    const media = `responses/${responseKey}/content/${pointerSegment(type)}/schema`;
    const pointer = `/paths/${pointerSegment(template)}/${method}/${media}`;
    const wrong = checkBody(a, pointer);
    return wrong && `${where}: ${wrong}`;
  };
}

export type ContractCheck = ReturnType<typeof createContractCheck>;

/** Checks a delivered event body against the document's webhook for its type; returns what is wrong, or null. */
export function createDeliveryCheck(doc: OpenApiDocument & { webhooks: Record<string, unknown> }) {
  const ajv = new Ajv2020({ strict: false, allErrors: true, validateSchema: false });
  ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
  ajv.addFormat('uri', (s: string) => URL.canParse(s));
  ajv.addSchema(doc as object, 'openapi.json');
  return (body: string, contentType: string): string | null => {
    const event = JSON.parse(body) as { type: string };
    const name = event.type in doc.webhooks ? event.type : `${event.type.split('.')[0]}.*`;
    if (!(name in doc.webhooks)) return `no webhook documents ${event.type}`;
    const media = pointerSegment(contentType.split(';')[0]!.trim());
    const pointer = `/webhooks/${pointerSegment(name)}/post/requestBody/content/${media}/schema`;
    const validate = ajv.compile({ $ref: `openapi.json#${pointer}` });
    return validate(event) ? null : `${name}: ${ajv.errorsText(validate.errors)}`;
  };
}
