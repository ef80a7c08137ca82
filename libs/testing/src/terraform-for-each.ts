/**
 * Module calls with `for_each` over a local object, as @cdktf/hcl2json parses them, read as one call per key:
 * the offline Terraform checks (terraform/tests) and the local cloud's drift test read such a call exactly as
 * they read single blocks. Only what a composition writes is resolved: `each.key` anywhere, `each.value.<field>`
 * and `merge(local.<name>, each.value.<field>)` as whole values; anything else reading `each.value` is refused.
 */
import { TerraformForEachError } from './errors.js';

/** An HCL body as @cdktf/hcl2json returns it: attributes as values, expressions as `${...}` strings. */
export type HclBody = Record<string, unknown>;

/** One instance of a module call: `name` is its state address inside the module, e.g. `functions["proof-address"]`. */
export interface ForEachInstance {
  name: string;
  key: string;
  body: HclBody;
}

const isRecord = (value: unknown): value is HclBody =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The instances of module call `name`: one per key of the local object its `for_each` names (the body without
 * `for_each`, each reference resolved), or the call itself when it has no `for_each`.
 */
export function expandForEach(name: string, body: HclBody, locals: HclBody): ForEachInstance[] {
  if (body.for_each === undefined) return [{ name, key: name, body }];
  const local = /^\$\{local\.(\w+)\}$/.exec(String(body.for_each))?.[1];
  const entries = local === undefined ? undefined : locals[local];
  if (!isRecord(entries)) {
    throw new TerraformForEachError(
      `module "${name}": for_each must name a local object literal (for_each = local.<name>), not ${JSON.stringify(body.for_each)}`,
    );
  }
  return Object.entries(entries).map(([key, entry]) => {
    if (!isRecord(entry))
      throw new TerraformForEachError(`module "${name}": local.${local}["${key}"] is not an object`);
    const { for_each: _loop, ...rest } = body;
    const where = `module "${name}" ["${key}"]`;
    return { name: `${name}["${key}"]`, key, body: resolve(rest, key, entry, locals, where) as HclBody };
  });
}

function field(entry: HclBody, name: string, where: string): unknown {
  if (!(name in entry))
    throw new TerraformForEachError(`${where} reads each.value.${name}, which its entry lacks`);
  return entry[name];
}

function resolve(value: unknown, key: string, entry: HclBody, locals: HclBody, where: string): unknown {
  if (Array.isArray(value)) return value.map((item) => resolve(item, key, entry, locals, where));
  if (isRecord(value))
    return Object.fromEntries(
      Object.entries(value).map(([name, item]) => [name, resolve(item, key, entry, locals, where)]),
    );
  if (typeof value !== 'string') return value;
  if (value === '${each.key}') return key;
  const whole = /^\$\{each\.value\.(\w+)\}$/.exec(value);
  if (whole) return field(entry, whole[1]!, where);
  const merged = /^\$\{merge\(local\.(\w+),\s*each\.value\.(\w+)\)\}$/.exec(value);
  if (merged) {
    const [base, own] = [locals[merged[1]!], field(entry, merged[2]!, where)];
    if (!isRecord(base) || !isRecord(own))
      throw new TerraformForEachError(`${where}: ${value} must merge two object literals`);
    return { ...base, ...own };
  }
  const text = value.replaceAll('${each.key}', key).replaceAll('each.key', JSON.stringify(key));
  if (text.includes('each.value')) throw new TerraformForEachError(`${where}: cannot read ${value}`);
  return text;
}
