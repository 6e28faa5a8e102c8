/** The README's tables that are rendered from the verifier's code, read back as cells for drift tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const README = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');

/**
 * A Markdown table row as its trimmed cells (split on `|` but not on an escaped `\|`); a separator row's
 * cells become `---` (prettier pads them).
 */
export const cells = (row: string): string[] =>
  row
    .trim()
    .replace(/^\||\|$/g, '')
    .split(/(?<!\\)\|/)
    .map((cell) => (/^\s*-+\s*$/.test(cell) ? '---' : cell.trim()));

/** The rows, as cells, between `<!-- NAME_START -->` and `<!-- NAME_END -->`; undefined without the markers. */
export function readmeTable(name: string): string[][] | undefined {
  const block = new RegExp(`<!-- ${name}_START -->\\n([\\s\\S]*?)<!-- ${name}_END -->`).exec(README)?.[1];
  return block
    ?.split('\n')
    .filter((line) => line.startsWith('|'))
    .map(cells);
}
