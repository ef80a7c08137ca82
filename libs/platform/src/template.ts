import { TemplateValueError } from './errors.js';

// Why a tag and not a template package: a template here is a typed TypeScript function, so a missing or misspelt
// parameter fails the type check, not the send; every interpolation in `html` is escaped with no opt-out syntax
// (no `{{{ }}}` to slip through review), composition is by value (`SafeHtml` inside `html`), and nothing is parsed
// or compiled at run time, so it costs a function nothing at cold start.

/** HTML that is safe to insert as is: built by `html`, whose interpolated values were all escaped. */
export class SafeHtml {
  /** Only `html` creates one, so a `SafeHtml` never holds unescaped caller text. */
  private constructor(readonly value: string) {}

  /** @internal used by `html` only. */
  static fromEscaped(value: string): SafeHtml {
    return new SafeHtml(value);
  }

  toString(): string {
    return this.value;
  }
}

/** What an `html` or `text` template may interpolate. */
export type TemplateValue = string | number | bigint | SafeHtml | readonly TemplateValue[];

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '`': '&#96;',
};

/** Escapes text for an HTML element or a quoted attribute value. */
export const escapeHtml = (text: string): string => text.replace(/[&<>"'`]/g, (c) => HTML_ESCAPES[c] ?? c);

function interpolate(
  value: unknown,
  position: number,
  escape: (text: string) => string,
  tag: string,
): string {
  if (typeof value === 'string') return escape(value);
  if (typeof value === 'number' || typeof value === 'bigint') return escape(String(value));
  if (value instanceof SafeHtml) {
    if (tag === 'html') return value.value;
    throw new TemplateValueError(`text template value ${position} is HTML`);
  }
  if (Array.isArray(value)) return value.map((item) => interpolate(item, position, escape, tag)).join('');
  // undefined, null, objects, booleans: a missing parameter must not render as "undefined" in someone's inbox.
  throw new TemplateValueError(
    `${tag} template value ${position} is ${value === null ? 'null' : typeof value}`,
  );
}

/** A tag for HTML templates: every interpolated value is escaped, except `SafeHtml` from another `html`. */
export function html(strings: TemplateStringsArray, ...values: readonly TemplateValue[]): SafeHtml {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += interpolate(value, index, escapeHtml, 'html') + (strings[index + 1] ?? '');
  });
  return SafeHtml.fromEscaped(out);
}

/** A tag for plain-text templates: values are inserted as they are; `SafeHtml`, objects and `undefined` are refused. */
export function text(strings: TemplateStringsArray, ...values: readonly TemplateValue[]): string {
  let out = strings[0] ?? '';
  values.forEach((value, index) => {
    out += interpolate(value, index, (t) => t, 'text') + (strings[index + 1] ?? '');
  });
  return out;
}
