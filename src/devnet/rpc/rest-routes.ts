/**
 * grpc-gateway's side of a REST query: match the path against the routes' `google.api.http` templates
 * (`{address}` is one segment, `{denom=**}` the rest of the path) and build the request message from the
 * path parameters plus the query string (dotted names for nested fields, repeated keys for repeated fields,
 * "true"/"false" for booleans). Path parameters win over query parameters of the same name, as in
 * grpc-gateway v1.
 */
import type { MessageType, QueryRoute } from "../node-api.js";

type Json = Record<string, unknown>;

export type CompiledRoute = { route: QueryRoute; pattern: RegExp; params: string[]; literalSegments: number };

/** A request grpc-gateway rejects before calling the node (gRPC code 3, HTTP 400). */
export class BadRestRequest extends Error {
  override readonly name = "BadRestRequest";
}

export function compileRoutes(routes: readonly QueryRoute[]): CompiledRoute[] {
  const compiled = routes.map((route) => {
    const params: string[] = [];
    let literalSegments = 0;
    const source = route.httpPath
      .split("/")
      .map((segment) => {
        const param = /^\{([\w.]+)(=\*\*)?\}$/.exec(segment);
        if (param === null) {
          literalSegments += 1;
          return escapeRegExp(segment);
        }
        params.push(param[1]!);
        return param[2] ? "(.+)" : "([^/]+)";
      })
      .join("/");
    return { route, pattern: new RegExp(`^${source}$`), params, literalSegments };
  });
  // More literal segments first, so "/providers/list" wins over "/providers/{owner}".
  return compiled.sort((a, b) => b.literalSegments - a.literalSegments);
}

export function matchRoute(routes: readonly CompiledRoute[], pathname: string): { route: QueryRoute; pathParams: Map<string, string> } | undefined {
  for (const compiled of routes) {
    const match = compiled.pattern.exec(pathname);
    if (match === null) continue;
    const pathParams = new Map(compiled.params.map((name, i) => [name, decodeURIComponent(match[i + 1]!)]));
    return { route: compiled.route, pathParams };
  }
  return undefined;
}

/** The encoded request message for a matched route. */
export function buildRequest(type: MessageType, pathParams: ReadonlyMap<string, string>, query: URLSearchParams): Uint8Array {
  const json: Json = {};
  for (const name of new Set(query.keys())) {
    if (pathParams.has(name)) continue;
    setDotted(json, name, queryValue(type, name, query.getAll(name)));
  }
  for (const [name, value] of pathParams) setDotted(json, name, queryValue(type, name, [value]));
  try {
    return type.encode(type.fromJSON(json)).finish();
  } catch (error) {
    throw new BadRestRequest(`invalid request parameters: ${error instanceof Error ? error.message : String(error)}`);
  }
}

type FieldShape = { repeated: boolean; bool: boolean };
const fieldShapes = new Map<string, FieldShape>();

function queryValue(type: MessageType, name: string, values: string[]): unknown {
  const shape = fieldShape(type, name);
  const convert = (text: string): unknown => (shape.bool ? parseBool(name, text) : text);
  if (shape.repeated) return values.map(convert);
  return convert(values.at(-1)!);
}

/**
 * Whether a (dotted) field is repeated and whether it is a bool, learned from ts-proto itself: a value that
 * survives fromJSON → toJSON as an array, or as the boolean true, tells.
 */
function fieldShape(type: MessageType, name: string): FieldShape {
  const key = `${type.$type}:${name}`;
  let shape = fieldShapes.get(key);
  if (shape === undefined) {
    const roundTrip = (value: unknown): unknown => {
      try {
        return getDotted(type.toJSON(type.fromJSON(setDotted({}, name, value))), name);
      } catch {
        return undefined;
      }
    };
    const asList = roundTrip(["1"]);
    const repeated = Array.isArray(asList);
    const bool = repeated ? (roundTrip([true]) as unknown[] | undefined)?.[0] === true : roundTrip(true) === true;
    shape = { repeated, bool };
    fieldShapes.set(key, shape);
  }
  return shape;
}

/** Go's strconv.ParseBool, which grpc-gateway uses. */
function parseBool(name: string, text: string): boolean {
  if (["1", "t", "T", "TRUE", "true", "True"].includes(text)) return true;
  if (["0", "f", "F", "FALSE", "false", "False"].includes(text)) return false;
  throw new BadRestRequest(`type mismatch, parameter: ${name}, error: strconv.ParseBool: parsing ${JSON.stringify(text)}: invalid syntax`);
}

function setDotted(target: Json, dotted: string, value: unknown): Json {
  const parts = dotted.split(".");
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const child = node[part];
    node = typeof child === "object" && child !== null && !Array.isArray(child) ? (child as Json) : (node[part] = {});
  }
  node[parts.at(-1)!] = value;
  return target;
}

function getDotted(source: unknown, dotted: string): unknown {
  return dotted.split(".").reduce<unknown>((node, part) => (typeof node === "object" && node !== null ? (node as Json)[part] : undefined), source);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
