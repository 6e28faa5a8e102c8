/**
 * The checks of both modes as --help and the README's verify section list them: read from CUSTOMER_CHECKS
 * and QUARTIC_CHECKS, in run order, with the titles rendered for placeholder values (`<bucket>`...). The
 * README's table is rendered by checkMarkdownRows; test/verify/catalog.test.ts catches drift.
 */
import { CUSTOMER_CHECKS } from './customer-checks';
import { QUARTIC_CHECKS } from './quartic-checks';
import { CheckList, PLACEHOLDER_TITLES } from './runner';
import { Mode } from './types';

export interface CatalogEntry {
  readonly mode: Mode;
  readonly id: string;
  readonly title: string;
}

function entries<C, F extends string>(mode: Mode, list: CheckList<C, F>): CatalogEntry[] {
  return list.checks.map((check) => ({ mode, id: check.id, title: check.title(PLACEHOLDER_TITLES) }));
}

export const CHECK_CATALOG: readonly CatalogEntry[] = [
  ...entries('customer', CUSTOMER_CHECKS),
  ...entries('quartic', QUARTIC_CHECKS),
];

const MODE_LABEL: Readonly<Record<Mode, string>> = {
  customer: 'Customer mode (default)',
  quartic: 'Quartic mode (--assume)',
};

/** The list shown by --help: one heading per mode, then `id  title` in run order. */
export function checkHelpLines(): string[] {
  const width = Math.max(...CHECK_CATALOG.map((e) => e.id.length)) + 2;
  return (['customer', 'quartic'] as const).flatMap((mode) => [
    `  ${MODE_LABEL[mode]}:`,
    ...CHECK_CATALOG.filter((e) => e.mode === mode).map((e) => `    ${e.id.padEnd(width)}${e.title}`),
  ]);
}

/** Text as one Markdown table cell: `<bucket>` stays text, not an HTML tag; `|` does not end the cell. */
export function markdownCell(text: string): string {
  return text.replace(/[\\`*_<>|[\]]/g, (c) => `\\${c}`);
}

/** The same list as Markdown rows (`| mode | id | check |`), for the README's verify section. */
export function checkMarkdownRows(): string[] {
  return [
    '| Mode | Id | Check |',
    '| --- | --- | --- |',
    ...CHECK_CATALOG.map(
      (e) =>
        `| ${e.mode === 'customer' ? 'customer' : '`--assume`'} | \`${e.id}\` | ${markdownCell(e.title)} |`,
    ),
  ];
}
