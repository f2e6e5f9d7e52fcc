import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

/**
 * The plan documents (.txt, .md) of the folder `npm run test:corpus -- DIR` was given (CORPUS_DIR), by file name, or
 * why there are none: a corpus run without documents must fail, not pass having checked nothing.
 */
function readCorpus(): { documents: Map<string, string>; problem?: string } {
  const dir = process.env.CORPUS_DIR;
  if (!dir) return { documents: new Map(), problem: 'No folder given: run npm run test:corpus -- DIR' };
  const folder = path.resolve(dir);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return { documents: new Map(), problem: `${folder} is not a folder` };
  const names = readdirSync(folder)
    .filter((name) => /\.(txt|md)$/i.test(name))
    .sort();
  if (names.length === 0) return { documents: new Map(), problem: `${folder} holds no plan documents (.txt or .md)` };
  return { documents: new Map(names.map((name) => [name, readFileSync(path.join(folder, name), 'utf8')])) };
}

/** The corpus, with a test that fails when it is missing or empty (register it once per corpus spec). */
export function corpus(): Map<string, string> {
  const { documents, problem } = readCorpus();
  it('reads a folder of plan documents', () => {
    expect(problem).toBeUndefined();
  });
  return documents;
}

/**
 * `describe` for a document of the corpus known by name, with what it was read to say; when the folder lacks it, a
 * skipped placeholder (describe.skip would still run the body, which reads the document).
 */
export const describeIfPresent =
  (documents: Map<string, string>, name: string) =>
  (title: string, tests: () => void): void =>
    documents.has(name) ? describe(title, tests) : describe.skip(title, () => it(`needs ${name} in the folder`, () => undefined));

/** `describe` once per document of the corpus, titled by its file name (none when it is empty: the folder test fails). */
export function describeEachDocument(documents: Map<string, string>, tests: (text: string) => void): void {
  for (const [name, text] of documents) describe(name, () => tests(text));
}
