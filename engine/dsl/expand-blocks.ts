/**
 * Reusable blocks: a state shape, a group of events or one event declared once under `blocks`
 * with parameters (`$reviewer`), and used by states (`use: { review: { reviewer: cs-director } }`)
 * or by events. The state's (or event's) own keys win over the block's; events are merged by name.
 */
import type { ExpansionContext } from './expansion-context.js';
import type { DocPath } from './source-map.js';
import type { Replacement } from './expanded-locator.js';
import { isRecord } from './schema-properties.js';
import { didYouMean } from './suggest.js';

/** `$name` of a parameter inside a string of a block. */
const PARAMETER = /\$([A-Za-z][A-Za-z0-9]*)/g;

type Json = unknown;

interface Use {
  name: string;
  args: Record<string, unknown>;
  /** Expanded path of the use (its key in a `use` mapping, or the `use` itself). */
  path: DocPath;
}

/** Replaces every `use` of the states (and their events) by the blocks they name. */
export function expandBlocks(process: Record<string, unknown>, context: ExpansionContext): void {
  const blocks = isRecord(process.blocks) ? process.blocks : {};
  const used = new Set<string>();
  const unusedParams = new Map<string, Set<string>>();
  for (const [name, block] of Object.entries(blocks)) unusedParams.set(name, new Set(paramsOf(block)));

  const usesOf = (use: unknown, path: DocPath): Use[] => {
    if (typeof use === 'string') return [{ name: use, args: {}, path }];
    if (!isRecord(use)) return [];
    return Object.entries(use).map(([name, args]) => ({ name, args: isRecord(args) ? args : {}, path: [...path, name] }));
  };

  /** The block's content for one use, parameters replaced; undefined when the use is wrong. */
  const instantiate = (use: Use, base: DocPath): Record<string, Json> | undefined => {
    const block = blocks[use.name];
    if (!isRecord(block)) {
      context.report(use.path, 'error', `there is no block '${use.name}'${didYouMean(use.name, Object.keys(blocks))}`, { key: true });
      return undefined;
    }
    used.add(use.name);
    const params = paramsOf(block);
    let complete = true;
    for (const param of params) {
      if (!(param in use.args)) {
        context.report(use.path, 'error', `block '${use.name}' needs the parameter '${param}'`, { key: true });
        complete = false;
      }
    }
    for (const arg of Object.keys(use.args)) {
      if (!params.includes(arg)) {
        context.report([...use.path, arg], 'error', `block '${use.name}' has no parameter '${arg}'${didYouMean(arg, params)}`, { key: true });
        complete = false;
      }
    }
    if (!complete) return undefined;
    const { params: _declared, ...content } = block;
    const args = new Map(Object.entries(use.args).map(([key, value]) => [key, String(value)]));
    const unused = unusedParams.get(use.name);
    const out: Record<string, Json> = {};
    for (const [key, value] of Object.entries(content)) {
      out[key] = substitute(value, [...base, key], args, (param) => unused?.delete(param), context);
    }
    return out;
  };

  const apply = (target: Record<string, unknown>, path: DocPath, mergeEvents: boolean): Record<string, unknown> => {
    if (!('use' in target)) return target;
    const { use, ...own } = target;
    const result: Record<string, unknown> = { ...own };
    for (const one of usesOf(use, [...path, 'use'])) {
      const content = instantiate(one, path);
      if (content === undefined) continue;
      const note = { path: one.path, message: `in block '${one.name}' used` };
      for (const [key, value] of Object.entries(content)) {
        if (mergeEvents && key === 'on' && isRecord(value) && isRecord(result.on)) {
          const ownEvents = result.on;
          for (const event of Object.keys(value)) {
            if (!(event in ownEvents)) context.locator.copied([...path, 'on', event], ['blocks', one.name, 'on', event], note);
          }
          result.on = { ...value, ...ownEvents };
        } else if (!(key in result)) {
          result[key] = value;
          context.locator.copied([...path, key], ['blocks', one.name, key], note);
        }
      }
    }
    return result;
  };

  const expandState = (state: unknown, path: DocPath): unknown => {
    if (!isRecord(state)) return state;
    const result = apply(state, path, true);
    if (isRecord(result.on)) {
      const events: Record<string, unknown> = {};
      for (const [name, event] of Object.entries(result.on)) {
        const expanded = isRecord(event) ? apply(event, [...path, 'on', name], false) : event;
        if (isRecord(expanded) && !('roles' in expanded)) {
          context.report([...path, 'on', name], 'error', `event '${name}' needs roles (who may send it), written or from a block`, { key: true });
        }
        events[name] = expanded;
      }
      result.on = events;
    }
    if (isRecord(result.states)) result.states = expandStates(result.states, [...path, 'states']);
    return result;
  };

  const expandStates = (states: Record<string, unknown>, path: DocPath): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    for (const [name, state] of Object.entries(states)) out[name] = expandState(state, [...path, name]);
    return out;
  };

  if (isRecord(process.states)) process.states = expandStates(process.states, ['states']);

  for (const name of Object.keys(blocks)) {
    if (!used.has(name)) {
      context.report(['blocks', name], 'warning', `block '${name}' is not used by any state or event`, { key: true });
      continue;
    }
    const params = paramsOf(blocks[name]);
    for (const param of unusedParams.get(name) ?? []) {
      context.report(['blocks', name, 'params', params.indexOf(param)], 'warning', `parameter '${param}' is not used in block '${name}'`);
    }
  }
}

function paramsOf(block: unknown): string[] {
  if (!isRecord(block) || !Array.isArray(block.params)) return [];
  return block.params.filter((param): param is string => typeof param === 'string');
}

/** A copy of `value` with `$param` replaced in every string; `path` is where the copy lands. */
function substitute(value: Json, path: DocPath, args: ReadonlyMap<string, string>, used: (param: string) => void, context: ExpansionContext): Json {
  if (typeof value === 'string') {
    const replacements: Replacement[] = [];
    let shift = 0;
    const text = value.replace(PARAMETER, (match: string, name: string, at: number) => {
      const arg = args.get(name);
      if (arg === undefined) return match;
      used(name);
      replacements.push({ at: at + shift, length: arg.length, sourceAt: at, sourceLength: match.length });
      shift += arg.length - match.length;
      return arg;
    });
    context.locator.replaced(path, replacements);
    return text;
  }
  if (Array.isArray(value)) return value.map((item, index) => substitute(item, [...path, index], args, used, context));
  if (isRecord(value)) {
    const out: Record<string, Json> = {};
    for (const [key, item] of Object.entries(value)) out[key] = substitute(item, [...path, key], args, used, context);
    return out;
  }
  return value;
}
