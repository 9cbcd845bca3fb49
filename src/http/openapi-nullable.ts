/**
 * The generator writes a nullable reference (`Watch.nullable()`) as
 * `allOf: [{$ref}, {type: ['object', 'null']}]`, which no value satisfies when
 * it is null: the referenced schema still requires an object. Rewritten as
 * `anyOf: [{$ref}, {type: 'null'}]`, which says what the API answers.
 */
type Json = unknown;

function isNullableRef(node: Record<string, Json>): boolean {
  const all = node.allOf;
  if (!Array.isArray(all) || all.length !== 2) return false;
  const [ref, extra] = all as Record<string, Json>[];
  if (typeof ref?.$ref !== 'string' || Object.keys(ref).length !== 1) return false;
  const type = extra?.type;
  if (!Array.isArray(type) || !type.includes('null')) return false;
  return Object.keys(extra!).every((k) => k === 'type' || k === 'description');
}

export function fixNullableRefs(node: Json): Json {
  if (Array.isArray(node)) return node.map(fixNullableRefs);
  if (!node || typeof node !== 'object') return node;
  const obj = node as Record<string, Json>;
  if (isNullableRef(obj)) {
    const [ref, extra] = obj.allOf as Record<string, Json>[];
    const { allOf: _, ...rest } = obj;
    const description = extra!.description ?? rest.description;
    return { ...rest, ...(description !== undefined && { description }), anyOf: [ref, { type: 'null' }] };
  }
  return Object.fromEntries(Object.entries(obj).map(([k, v]) => [k, fixNullableRefs(v)]));
}
