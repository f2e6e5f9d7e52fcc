import type { Span } from './grammar.js';

/**
 * What a pattern guarantees but the type of its match does not: a group it always captures, that group's span when
 * the pattern has the `d` flag, a match of a pattern that accepts any text. A failure here means the pattern and the
 * code that reads it have drifted apart, so it throws rather than read on. Optional groups need none of this:
 * `match.groups?.name` is `undefined` when they did not take part.
 */

/** The text of a named group the pattern captures whenever it matches. */
export function groupOf(match: RegExpMatchArray, name: string): string {
  const text = match.groups?.[name];
  if (text === undefined) throw new Error(`The match "${match[0]}" has no group "${name}", which its pattern always captures`);
  return text;
}

/** The span, in the text matched, of a named group the pattern captures whenever it matches (the pattern has the `d` flag). */
export function groupSpanOf(match: RegExpMatchArray, name: string): Span {
  const span = match.indices?.groups?.[name];
  if (span === undefined)
    throw new Error(`The match "${match[0]}" has no span for group "${name}": its pattern needs the d flag and that group`);
  return span;
}

/** The match of a pattern that matches every text (one made of optional parts), or a text already tested against it. */
export function matchOf(pattern: RegExp, text: string): RegExpExecArray {
  const match = pattern.exec(text);
  if (!match)
    throw new Error(`/${pattern.source}/ does not match "${text.slice(0, 80)}", though it should match any text it is given here`);
  return match;
}
