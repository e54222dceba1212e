import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

export type JsonSchema = Record<string, unknown>;

export const DEFAULT_OPENAPI_PATH = new URL('./openapi.yaml', import.meta.url);

// Documentation-only OpenAPI keywords that ajv (draft-07) does not know; in
// strict mode it would warn about them on every start.
const DOC_ONLY_KEYWORDS = new Set(['example', 'examples', 'externalDocs', 'xml', 'deprecated', 'discriminator']);

export class OpenApiContractError extends Error {
  override name = 'OpenApiContractError';
}

/**
 * The published contract, loaded once at startup so request validation and
 * the document people copy into their own backend cannot drift apart.
 */
export class OpenApiContract {
  constructor(readonly document: JsonSchema) {
    if (typeof document.openapi !== 'string' || !document.openapi.startsWith('3.0')) {
      throw new OpenApiContractError('The contract must be an OpenAPI 3.0 document.');
    }
  }

  static load(path: string | URL = DEFAULT_OPENAPI_PATH): OpenApiContract {
    return new OpenApiContract(parse(readFileSync(path, 'utf8')) as JsonSchema);
  }

  /** Every `method path` pair the document declares, e.g. `post /v1/auth/login`. */
  operations(): string[] {
    const paths = (this.document.paths ?? {}) as Record<string, Record<string, unknown>>;
    return Object.entries(paths).flatMap(([path, item]) =>
      Object.keys(item)
        .filter((key) => ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'].includes(key))
        .map((method) => `${method} ${path}`),
    );
  }

  /** The JSON request-body schema of an operation, with every `$ref` inlined. */
  requestBodySchema(method: string, path: string): JsonSchema {
    const where = `${method.toUpperCase()} ${path}`;
    const operation = this.resolve(this.at(['paths', path, method.toLowerCase()], where));
    const body = this.resolve(this.at(['requestBody'], where, operation));
    const schema = this.at(['content', 'application/json', 'schema'], `${where} requestBody`, body);
    return this.inline(schema, []) as JsonSchema;
  }

  /** A component schema with every `$ref` inlined (for tests and tooling). */
  schema(name: string): JsonSchema {
    return this.inline({ $ref: `#/components/schemas/${name}` }, []) as JsonSchema;
  }

  private at(segments: string[], where: string, from: unknown = this.document): unknown {
    let node: unknown = from;
    for (const segment of segments) {
      if (node === null || typeof node !== 'object' || !(segment in node)) {
        throw new OpenApiContractError(`openapi.yaml has no ${segments.join(' > ')} for ${where}.`);
      }
      node = (node as Record<string, unknown>)[segment];
    }
    return node;
  }

  private resolve(node: unknown): unknown {
    const ref = (node as { $ref?: unknown } | null)?.$ref;
    if (typeof ref !== 'string') return node;
    if (!ref.startsWith('#/')) throw new OpenApiContractError(`Only local $refs are supported, found "${ref}".`);
    const segments = ref
      .slice(2)
      .split('/')
      .map((segment) => segment.replace(/~1/g, '/').replace(/~0/g, '~'));
    return this.resolve(this.at(segments, ref));
  }

  private inline(node: unknown, trail: string[]): unknown {
    if (Array.isArray(node)) return node.map((item) => this.inline(item, trail));
    if (node === null || typeof node !== 'object') return node;
    const ref = (node as { $ref?: unknown }).$ref;
    if (typeof ref === 'string') {
      if (trail.includes(ref)) throw new OpenApiContractError(`Recursive $ref "${ref}" cannot be inlined.`);
      return this.inline(this.resolve(node), [...trail, ref]);
    }
    const out: JsonSchema = {};
    for (const [key, value] of Object.entries(node)) {
      if (DOC_ONLY_KEYWORDS.has(key) || key.startsWith('x-')) continue;
      // `properties` maps names to schemas; a property called "example" is data, not a keyword.
      out[key] =
        key === 'properties' && value && typeof value === 'object'
          ? Object.fromEntries(Object.entries(value).map(([name, schema]) => [name, this.inline(schema, trail)]))
          : this.inline(value, trail);
    }
    return out;
  }
}
