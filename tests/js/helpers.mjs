// What the node tests share: the fixtures Python wrote (scripts/js_fixtures.py, run by `make test-js`),
// a walk as the stage holds it, and a JSON Schema checker for the contract.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { recordAt } from "../../backprop_ui/assets/stage/core/table.js";

const here = dirname(fileURLToPath(import.meta.url));
export const STAGE = join(here, "..", "..", "backprop_ui", "assets", "stage");

export function fixture(name) {
  return JSON.parse(readFileSync(join(here, "fixtures", name), "utf8"));
}

export const PRESETS = ["tiny", "xor", "mazur", "gradcheck"];
export const LANGS = ["fa", "en"];

// A walk as main.js holds it: meta, its windows by number, and record(i).
export function walkOf(doc) {
  const windows = new Map(doc.windows.map((w) => [Math.floor(w.start / doc.meta.window), w]));
  return { meta: doc.meta, windows, record: (i) => recordAt(windows, doc.meta.window, i) };
}

export const CONTRACT = JSON.parse(readFileSync(join(STAGE, "contract.json"), "utf8"));

// The part of JSON Schema the contract uses: $ref, type, enum, const, properties, required,
// additionalProperties, items, prefixItems, min/maxItems, min/maxLength, minimum, pattern, oneOf.
// Returns the first problem as "path: what", or null.
export function check(value, schema, path = "$", root = CONTRACT) {
  if (schema.$ref) return check(value, root.$defs[schema.$ref.split("/").pop()], path, root);
  const type = (v) => (v === null ? "null" : Array.isArray(v) ? "array" : Number.isInteger(v) ? "integer" : typeof v);
  if (schema.oneOf) {
    const ok = schema.oneOf.filter((s) => check(value, s, path, root) === null);
    return ok.length === 1 ? null : `${path}: matches ${ok.length} of oneOf`;
  }
  if (schema.type) {
    const types = [].concat(schema.type), t = type(value);
    if (!types.includes(t) && !(t === "integer" && types.includes("number"))) return `${path}: ${t}, not ${types}`;
  }
  if (schema.enum && !schema.enum.some((e) => e === value)) return `${path}: ${JSON.stringify(value)} not in ${schema.enum}`;
  if ("const" in schema && schema.const !== value) return `${path}: not ${schema.const}`;
  if (typeof value === "number" && schema.minimum !== undefined && value < schema.minimum) return `${path}: below ${schema.minimum}`;
  if (typeof value === "string") {
    if (schema.pattern && !new RegExp(schema.pattern).test(value)) return `${path}: not ${schema.pattern}`;
    if (schema.minLength !== undefined && [...value].length < schema.minLength) return `${path}: too short`;
    if (schema.maxLength !== undefined && [...value].length > schema.maxLength) return `${path}: too long`;
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) return `${path}: fewer than ${schema.minItems}`;
    if (schema.maxItems !== undefined && value.length > schema.maxItems) return `${path}: more than ${schema.maxItems}`;
    for (let i = 0; i < value.length; i++) {
      const s = schema.prefixItems?.[i] ?? schema.items;
      const problem = s && check(value[i], s, `${path}[${i}]`, root);
      if (problem) return problem;
    }
  }
  if (value && typeof value === "object" && !Array.isArray(value)) {
    for (const key of schema.required || []) if (!(key in value)) return `${path}: no ${key}`;
    for (const [key, v] of Object.entries(value)) {
      const s = schema.properties?.[key] ?? schema.additionalProperties;
      if (s === false) return `${path}: unexpected ${key}`;
      const problem = s && s !== true && check(v, s, `${path}.${key}`, root);
      if (problem) return problem;
    }
  }
  return null;
}
