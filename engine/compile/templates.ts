/**
 * Notification templates: Handlebars, compiled once per process, HTML-escaped by default
 * (`{{data.name}}` escapes, `{{{…}}}` is the author's explicit opt-out), with the helpers of
 * `template-helpers.ts` showing times in the process's zone.
 */
import type Handlebars from 'handlebars';
import type { ProcessDefinition, TemplateDefinition } from '../dsl/types.js';
import { CaseflowError, ensureError } from '../errors.js';
import { KNOWN_HELPERS, processTimeZone, templateEnvironment } from './template-helpers.js';

/** A rendered message. */
export interface RenderedMessage {
  subject?: string;
  body: string;
}

/** A compiled template: its variables in, text out. */
export type Render = (context: Record<string, unknown>) => string;

interface CompiledTemplate {
  subject?: Render;
  body: Render;
}

/** The templates of one process, by name. */
export class TemplateSet {
  private readonly handlebars: typeof Handlebars;
  private readonly templates = new Map<string, CompiledTemplate>();

  constructor(definition: ProcessDefinition, files: Record<string, string> = {}) {
    this.handlebars = templateEnvironment(processTimeZone(definition));
    for (const [name, template] of Object.entries(definition.templates ?? {})) {
      const { subject, body } = sources(name, template, files);
      this.templates.set(name, {
        subject: subject === undefined ? undefined : this.compile(name, 'subject', subject),
        body: this.compile(name, 'body', body),
      });
    }
  }

  /** Whether a template of this name exists. */
  has(name: string): boolean {
    return this.templates.has(name);
  }

  /** Renders a template; throws `not-found` for an unknown name. */
  render(name: string, context: Record<string, unknown>): RenderedMessage {
    const template = this.templates.get(name);
    if (!template) throw new CaseflowError('not-found', `template ${name} is not defined`);
    const body = template.body(context);
    return template.subject ? { subject: template.subject(context), body } : { body };
  }

  private compile(name: string, part: string, source: string): Render {
    return compileWith(this.handlebars, `template ${name} (${part})`, source, false);
  }
}

/**
 * Compiles a template whose output is plain text, not HTML: nothing is escaped, because the
 * text is shown as text (a React text node, a JSON string) and escaping it here would show
 * `&amp;` to the reader. Whoever puts it into HTML escapes it there, once.
 */
export function compilePlainText(where: string, source: string, zone: string): Render {
  return compileWith(templateEnvironment(zone), where, source, true);
}

/**
 * Parses now (so a syntax error surfaces at compile time) and compiles one template. Only known
 * helpers are called: any other name is a field, and a call to an unknown helper is refused when
 * first rendered (the validator reports it long before).
 */
function compileWith(handlebars: typeof Handlebars, where: string, source: string, noEscape: boolean): Render {
  try {
    handlebars.parse(source);
    const template = handlebars.compile(source, { strict: false, noEscape, knownHelpers: KNOWN_HELPERS, knownHelpersOnly: true });
    return (context) => template(context);
  } catch (error) {
    throw new CaseflowError('invalid-definition', `${where}: ${ensureError(error).message}`, { cause: error });
  }
}

/** Subject and body of a template: inline text, or the text of a file beside the YAML. */
function sources(name: string, template: TemplateDefinition | string, files: Record<string, string>): { subject?: string; body: string } {
  if (typeof template === 'string') return { body: files[template] ?? template };
  if (template.body !== undefined) return { subject: template.subject, body: template.body };
  if (template.file !== undefined) {
    const text = files[template.file] ?? files[template.file.replace(/^\.\//, '')];
    if (text === undefined) throw new CaseflowError('invalid-definition', `template ${name}: file ${template.file} was not provided`);
    return { subject: template.subject, body: text };
  }
  throw new CaseflowError('invalid-definition', `template ${name} has neither body nor file`);
}
